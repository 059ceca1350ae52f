/**
 * Accounts and roles. ADMIN and BUREAU (市自然资源局) edit everything and approve; a DISTRICT officer is
 * bound to one district and only proposes changes inside it; a PLANNER only reads. Maps and figures
 * are public to read, except enterprises' figures (the efficiency API and the OGC collections whose
 * source needs a login), which any logged-in user reads; every write needs a login (form login for
 * the browser, HTTP Basic for the API), and every write path checks the role on the server. A
 * session's requests need the CSRF token, whatever Authorization header they carry; repeated wrong
 * passwords shut logins for a user name or an address for a while.
 */
package cn.foshan.redline.security;
