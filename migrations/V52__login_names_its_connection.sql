-- Less work per request (issue 17). A login's lookup names its own connection: one round trip where
-- there were up to three. And the rules of a change set find the layers it wrote once (below).
--
-- The service names on every connection it hands out the person it acts for (V14, ActingDataSource),
-- and remembers per connection whom it last named, so that a connection named already is not named
-- again. An API token's or an HTTP Basic login's lookup runs before anybody is logged in: the
-- connection was named for nobody (a round trip when the pool handed out one last named for the
-- same user's previous request), looked up, and named again for the user for the request's own
-- statements (another round trip). These functions do all three in the one statement of the
-- lookup, in this order: the connection named for nobody (and the request's client, V20), so that
-- the lookup never runs in a previous user's name; the lookup; the connection named for the account
-- found. Each returns whom it named (named_for; no row: nobody), and the service remembers that
-- (ActingDataSource.lookUp), naming any connection it hands out afterwards for whoever the
-- statement using it acts for, as before.
--
-- The account is named only when it may log in by what the database knows (enabled; a token not
-- revoked nor expired); whether it does is the service's decision after the statement (the password
-- compared, the token's expiry by the service's clock): nothing runs in that name unless it does,
-- since every later statement's connection is named for its own request's actor. Only the
-- service's login may call them (and may name any actor anyway, V14).

CREATE FUNCTION api_token_login(digest bytea, client_addr text, user_agent text)
RETURNS TABLE (id bigint, expires_at timestamptz, revoked_at timestamptz, username text,
               display_name text, role text, district_code char(6), enabled boolean, named_for text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM set_config('redline.actor', '', false),
          set_config('redline.client_addr', coalesce(api_token_login.client_addr, ''), false),
          set_config('redline.user_agent', coalesce(api_token_login.user_agent, ''), false);
  SELECT t.id, t.expires_at, t.revoked_at, u.username, u.display_name, u.role, u.district_code, u.enabled
  INTO id, expires_at, revoked_at, username, display_name, role, district_code, enabled
  FROM api_token t JOIN app_user u ON u.username = t.username
  WHERE t.secret_sha256 = api_token_login.digest;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF enabled AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) THEN
    PERFORM set_config('redline.actor', username, false);
  END IF;
  named_for := current_setting('redline.actor');
  RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION api_token_login(bytea, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_token_login(bytea, text, text) TO redline_service;

-- (the caller's rights: app_user is readable by every actor, V14, hash included for the service)
CREATE FUNCTION account_login(login text, client_addr text, user_agent text)
RETURNS TABLE (username text, display_name text, password_hash text, role text,
               district_code char(6), enabled boolean, named_for text)
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM set_config('redline.actor', '', false),
          set_config('redline.client_addr', coalesce(account_login.client_addr, ''), false),
          set_config('redline.user_agent', coalesce(account_login.user_agent, ''), false);
  SELECT u.username, u.display_name, u.password_hash, u.role, u.district_code, u.enabled
  INTO username, display_name, password_hash, role, district_code, enabled
  FROM app_user u
  WHERE u.username = account_login.login;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF enabled THEN
    PERFORM set_config('redline.actor', username, false);
  END IF;
  named_for := current_setting('redline.actor');
  RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION account_login(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION account_login(text, text, text) TO redline_service;

-- The rules of a change set (issue 17, editing): the layers it wrote in are found once per check,
-- not once by the overlaps and again by the in-district rule (change_set_layers, V28: one
-- statement of an index probe per versioned layer). The rules, their statements and their order
-- are V28's; the one-argument functions stay for any other caller.
CREATE FUNCTION check_overlaps(cs bigint, written text[]) RETURNS SETOF rule_violation
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM versioned_layer WHERE layer = ANY (written) ORDER BY layer LOOP
    RETURN QUERY EXECUTE overlap_rule(t.layer, t.label, quote_ident(t.tbl), quote_ident(t.tbl), 'true')
    USING cs;
  END LOOP;
END
$$;

CREATE FUNCTION check_in_district(cs bigint, written text[]) RETURNS SETOF rule_violation
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM versioned_layer WHERE in_district AND layer = ANY (written) ORDER BY layer LOOP
    RETURN QUERY EXECUTE in_district_rule(t.layer, t.label, quote_ident(t.tbl)) USING cs;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION check_overlaps(cs bigint) RETURNS SETOF rule_violation
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT * FROM check_overlaps(cs, change_set_layers(cs))
$$;

CREATE OR REPLACE FUNCTION check_in_district(cs bigint) RETURNS SETOF rule_violation
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT * FROM check_in_district(cs, change_set_layers(cs))
$$;

CREATE OR REPLACE FUNCTION check_change_set(cs bigint, lock boolean) RETURNS SETOF rule_violation
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
  written text[] := change_set_layers(cs);
BEGIN
  RETURN QUERY SELECT * FROM check_overlaps(cs, written);
  RETURN QUERY SELECT * FROM check_in_district(cs, written);
  RETURN QUERY SELECT * FROM check_containment(cs);
  RETURN QUERY SELECT * FROM check_zoning(cs);
  RETURN QUERY SELECT * FROM check_red_line_quota(cs, lock);
END
$$;

-- (V24's lookup, which did not name its connection, is used no more)
DROP FUNCTION api_token_account(bytea);

SELECT pin_search_paths();
