/* main.c: depotd entry point */
int	main(void);
int
main(void)
{
	return 0;
}
