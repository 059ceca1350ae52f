package cn.foshan.redline.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Says loudly at start when the service's own login is more than it should be (V14): a superuser,
 * the schema's owner (both pass by row-level security), or no member of redline_service (then the
 * database does not believe whom the service acts for, and refuses its writes). The rules of a
 * change set still hold for such a login; the roles then hold only in the service's Java.
 */
@Component
class ServiceLoginCheck implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(ServiceLoginCheck.class);

  private final JdbcClient jdbc;

  ServiceLoginCheck(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    var login =
        jdbc.sql(
                "SELECT current_user AS name, r.rolsuper AS superuser, is_owner() AS owner,"
                    + " pg_has_role(current_user, 'redline_service', 'MEMBER') AS service"
                    + " FROM pg_roles r WHERE r.rolname = current_user")
            .query()
            .singleRow();
    boolean superuser = (Boolean) login.get("superuser");
    boolean owner = (Boolean) login.get("owner");
    boolean service = (Boolean) login.get("service");
    if (superuser || owner || !service) {
      log.warn(
          """

          **********************************************************************
          * The service connects as '{}', {}.
          * The database holds the rules of every change set, but not the roles:
          * give the service a login of its own (a member of redline_service,
          * see README 'Database roles'), and the owner's to the migrations
          * (DATABASE_OWNER_URL or spring.flyway.user).
          **********************************************************************""",
          login.get("name"),
          superuser
              ? "a superuser"
              : owner ? "the owner of the schema" : "which is no member of redline_service");
    } else {
      log.info(
          "the service connects as '{}' (redline_service, least privilege)", login.get("name"));
    }
  }
}
