-- An account by its user name, for the login check (V52): the connection named for the request's
-- client and for the account if it is enabled (its password is compared after), or nobody.
SELECT username, display_name, password_hash, role, district_code, enabled, named_for
FROM account_login(:username, :client_addr, :user_agent)
