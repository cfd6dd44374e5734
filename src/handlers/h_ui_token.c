/* h_ui_token.c: a registry's Tokens settings: list, create, view and copy,
 * edit the description, delete */
#include <string.h>

#include "db/db_regtoken.h"
#include "handlers/handlers.h"
#include "handlers/regops.h"
#include "handlers/ui.h"
#include "util/banned.h"

/* The Tokens page; while the registry is public it says why it is shut. */
static enum status
tokens_page(struct req *r, int code, const struct v_value *desc)
{
	struct regtoken	*t = NULL;
	struct view	 v;
	size_t		 n = 0;

	if (!r->registry->public && db_regtoken_list(r->ctx->db, r->arena,
	    r->registry->id, &t, &n) == -1)
		return req_fail(r, ST_UNAVAIL, "database unavailable");
	ui_view(r, &v);
	v_begin(&v, arena_strfmt(r->arena, "Tokens \xc2\xb7 %s",
	    r->registry->name), NAV_REGISTRIES);
	v_tokens(&v, r->registry, t, n, desc);
	return ui_send(r, &v, code);
}

/* GET .../settings/tokens */
enum status
h_ui_tokens(struct req *r)
{
	struct v_value	 d = { NULL, NULL };

	return tokens_page(r, 200, &d);
}

/* POST .../settings/tokens: description; on to the new token's page. */
enum status
h_ui_token_create(struct req *r)
{
	struct regtoken		 t;
	struct reg_error	 err;
	struct v_value		 d;
	const char		*desc = ui_field(r, "description", 0);
	char			*secret;
	enum status		 st;

	if ((st = regops_token_available(r)) != ST_OK)
		return st;
	if (regops_token_check(desc, &err) == -1) {
		d.value = desc;
		d.error = err.msg;
		return tokens_page(r, 422, &d);
	}
	if ((st = regops_token_create(r, desc, &t, &secret)) != ST_OK)
		return st;
	return ui_redirect(r, ui_reg_url(r, r->registry, "settings", "tokens",
	    t.id, NULL), "token-created");
}

static enum status
token_page(struct req *r, int code, const struct regtoken *t,
    const struct v_value *desc)
{
	struct view	 v;
	char		*secret;
	enum status	 st;

	if ((st = regops_token_reveal(r, t, &secret)) != ST_OK)
		return st;
	ui_view(r, &v);
	v_begin(&v, arena_strfmt(r->arena, "Token \xc2\xb7 %s",
	    r->registry->name), NAV_REGISTRIES);
	v_token(&v, r->registry, t, secret, desc);
	return ui_send(r, &v, code);
}

/* GET .../settings/tokens/{id}: the token, viewable again, and its form. */
enum status
h_ui_token(struct req *r)
{
	struct regtoken	 t;
	struct v_value	 d;
	enum status	 st;

	if ((st = regops_token_get(r, req_param(r, "id"), &t)) != ST_OK)
		return st;
	d.value = t.description;
	d.error = NULL;
	return token_page(r, 200, &t, &d);
}

/* POST .../settings/tokens/{id}: a new description. */
enum status
h_ui_token_save(struct req *r)
{
	struct regtoken		 t, out;
	struct reg_error	 err;
	struct v_value		 d;
	const char		*desc = ui_field(r, "description", 0);
	enum status		 st;

	if ((st = regops_token_get(r, req_param(r, "id"), &t)) != ST_OK)
		return st;
	if (regops_token_check(desc, &err) == -1) {
		d.value = desc;
		d.error = err.msg;
		return token_page(r, 422, &t, &d);
	}
	if ((st = regops_token_update(r, t.id, desc, &out)) != ST_OK)
		return st;
	return ui_redirect(r, ui_reg_url(r, r->registry, "settings", "tokens",
	    t.id, NULL), "token-saved");
}

/* GET .../settings/tokens/{id}/delete: are you sure? */
enum status
h_ui_token_delete_confirm(struct req *r)
{
	struct regtoken	 t;
	struct view	 v;
	enum status	 st;

	if ((st = regops_token_get(r, req_param(r, "id"), &t)) != ST_OK)
		return st;
	ui_view(r, &v);
	v_begin(&v, "Delete token", NAV_REGISTRIES);
	v_token_delete(&v, r->registry, &t);
	return ui_send(r, &v, 200);
}

/* POST .../settings/tokens/{id}/delete */
enum status
h_ui_token_delete(struct req *r)
{
	enum status	 st;

	if ((st = regops_token_delete(r, req_param(r, "id"))) != ST_OK)
		return st;
	return ui_redirect(r, ui_reg_url(r, r->registry, "settings", "tokens",
	    NULL), "token-deleted");
}
