#!/usr/bin/env bash
# t9003-ui-storage: storage in the web interface, against a real S3 server
# (scripts/s3node): the organization's Storage page shows hosted storage;
# linking a bucket with a wrong secret shows the failed diagnostic step and
# creates nothing, the right one links it (STORAGE_CREATED, the secret in
# no page or event); it becomes the default for new registries; a
# registry's Settings > Storage changes where its new packages go (a
# package published afterwards lands in the bucket) and back to hosted
# storage. Members who are not administrators cannot reach any of it.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/ui_lib.sh
. "$(dirname "$0")/ui_lib.sh"

s3_up || bail "cannot start the S3 server (scripts/s3node; Debian package swift)"
new_org ui
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
S=/organizations/$ORG/storage
J=$TEST_TMP/jar
check "log in" ui_login "$J" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
TOK=$UI_TOKEN

status_is() {
	[[ $STATUS == "$1" ]] || { echo "HTTP $STATUS, want $1"; head -c 1500 "$BODY"; echo; return 1; }
	[[ -z ${2:-} ]] || body_has "$2"
}
check "the Storage page shows hosted storage as the default" \
	eval 'ui_get "$J" "$S" && status_is 200 "Hosted storage" && body_has "Default" && html_valid'
check "the link form" eval 'ui_get "$J" "$S/new" && status_is 200 "Link a bucket" && html_valid'

link() { # link SECRET [NAME]
	ui_post "$J" "$S/new" "$TOK" --data-urlencode "name=${2:-bucket1}" \
		--data-urlencode "endpoint=$DEPOT_S3_ENDPOINT" --data-urlencode "region=$DEPOT_S3_REGION" \
		--data-urlencode "bucket=$DEPOT_S3_BUCKET" --data-urlencode "prefix=$ORG/" \
		--data-urlencode "addressing=path" --data-urlencode "access_key_id=$DEPOT_S3_ACCESS_KEY" \
		--data-urlencode "secret=$1"
}
link "wrong-$DEPOT_S3_SECRET"
check "a wrong secret: 422 with the failing diagnostic step, the values kept, the secret not" \
	eval 'status_is 422 "did not pass the diagnostic" && body_has "id=\"diagnostic\"" && body_has ">Fail<" &&
		body_has "value=\"$DEPOT_S3_BUCKET\"" && body_lacks "wrong-$DEPOT_S3_SECRET" && html_valid'
check "nothing was linked" eval '[[ $(psql -Atc "SELECT count(*) FROM storage_links l JOIN organizations o ON o.id = l.org_id WHERE o.slug = '"'"'$ORG'"'"'") == 0 ]]'
ui_post "$J" "$S/new" "$TOK" --data-urlencode "name=bad name!" --data-urlencode "endpoint=ftp://x" \
	--data-urlencode "region=r" --data-urlencode "bucket=b" --data-urlencode "access_key_id=k" --data-urlencode "secret=s"
check "a bad name: 422 saying so, no diagnostic run" eval 'status_is 422 "Invalid name" && body_lacks "id=\"diagnostic\""'
link "$DEPOT_S3_SECRET"
check "the right secret: 303, linked" eval '[[ $STATUS == 303 && $(header Location) == "$S?done=storage-created" ]]'
ui_get "$J" "$S"
check "the link is listed as active, the secret nowhere" \
	eval 'status_is 200 ">bucket1<" && body_has "s3://$DEPOT_S3_BUCKET/$ORG/" && body_lacks "$DEPOT_S3_SECRET"'
LINK=$(psql -Atc "SELECT l.id FROM storage_links l JOIN organizations o ON o.id = l.org_id WHERE o.slug = '$ORG'")
check "STORAGE_CREATED by the user, without the secret" \
	eval '[[ $(psql -Atc "SELECT count(*) FROM audit_events WHERE type = '"'"'STORAGE_CREATED'"'"' AND subject_id = '"'"'$LINK'"'"' AND actor_name = '"'"'$ADMIN_EMAIL'"'"' AND data::text NOT LIKE '"'"'%$DEPOT_S3_SECRET%'"'"'") == 1 ]]'
link "$DEPOT_S3_SECRET"
check "the same name again: 422 beside the name" status_is 422 "has a storage link of that name"

ui_post "$J" "$S/default" "$TOK" --data-urlencode "storage=$LINK"
check "make it the default: 303" eval '[[ $STATUS == 303 ]]'
check "new registries start on it" \
	eval 'expect_status 200 POST "$API/registries" "${AUTH[@]}" -H "Content-Type: application/json" \
		-d "{\"name\":\"Files\",\"ecosystem\":\"files\"}" &&
		ui_get "$J" "/organizations/$ORG/packages/registries/files/settings/storage" &&
		body_has "<strong>bucket1</strong> <span class=\"badge\">Current</span>"'
R=/organizations/$ORG/packages/registries/files
ui_post "$J" "$R/settings/storage" "$TOK" --data-urlencode "storage=hosted"
check "the registry goes back to hosted storage" \
	eval '[[ $STATUS == 303 ]] && ui_get "$J" "$R/settings/storage" && body_has "<strong>Hosted storage</strong> <span class=\"badge\">Current</span>"'
ui_post "$J" "$R/settings/storage" "$TOK" --data-urlencode "storage=$LINK"
check "and to the link again" eval '[[ $STATUS == 303 ]]'
printf 'hello\n' >"$TEST_TMP/app-1.0.0.txt"
check "a file published now lands in the bucket" \
	eval 'expect_status 200 POST "$API/registries/files/packages" "${AUTH[@]}" -F "file=@$TEST_TMP/app-1.0.0.txt" &&
		[[ $(psql -Atc "SELECT f.storage FROM package_files f JOIN packages p ON p.id = f.package_id WHERE p.id = '"'"'$(json_get .id)'"'"'") == "$LINK" ]]'
ui_post "$J" "$R/settings/storage" "$TOK" --data-urlencode "storage=not-a-uuid"
check "a malformed storage id: 400" eval '[[ $STATUS == 400 ]]'
ui_post "$J" "$R/settings/storage" "$TOK" --data-urlencode "storage=00000000-0000-0000-0000-000000000000"
check "another id: 422 page, nothing changes" eval '[[ $STATUS == 422 ]]'
ui_post "$J" "$R/settings/storage" "$TOK" --data-urlencode "storage=$LINK"
check "REGISTRY_UPDATED records the storage changes" \
	eval '[[ $(psql -Atc "SELECT count(*) FROM audit_events WHERE type = '"'"'REGISTRY_UPDATED'"'"' AND data->>'"'"'storage_name'"'"' IS NOT NULL AND actor_name = '"'"'$ADMIN_EMAIL'"'"' AND org_id = (SELECT id FROM organizations WHERE slug = '"'"'$ORG'"'"')") -ge 2 ]]'

# Members who are not administrators
PW=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$PW" | depotctl user create "member@$ORG.test" --org "$ORG" --password-stdin >/dev/null
check "a member logs in" ui_login "$TEST_TMP/m" "member@$ORG.test" "$PW"
for p in "$S" "$S/new"; do
	ui_get "$TEST_TMP/m" "$p"
	if [[ $STATUS == 403 ]]; then ok "member: GET $p is 403"; else not_ok "member: GET $p is 403" "HTTP $STATUS"; fi
done
ui_post "$TEST_TMP/m" "$S/default" "$UI_TOKEN" --data-urlencode "storage=hosted"
check "member: POST default is 403" eval '[[ $STATUS == 403 ]]'
