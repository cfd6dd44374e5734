/* check_maven.c: in progress */
int
main(void)
{
	return 0;
}
