package cn.foshan.redline.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class DatabaseUrlTest {

  @Test
  void aPostgresUrlBecomesDatasourceSettings() {
    assertThat(
            DatabaseUrl.toDatasource(
                "postgres://land:s%40cret@db.example:6543/redline?sslmode=require"))
        .containsEntry(
            "spring.datasource.url", "jdbc:postgresql://db.example:6543/redline?sslmode=require")
        .containsEntry("spring.datasource.username", "land")
        .containsEntry("spring.datasource.password", "s@cret");
  }

  @Test
  void theDefaultPortIs5432() {
    assertThat(DatabaseUrl.toDatasource("postgresql://u@localhost/x"))
        .containsEntry("spring.datasource.url", "jdbc:postgresql://localhost:5432/x")
        .containsEntry("spring.datasource.username", "u")
        .doesNotContainKey("spring.datasource.password");
  }

  @Test
  void aJdbcUrlIsTakenAsItIs() {
    assertThat(DatabaseUrl.toDatasource("jdbc:postgresql://h:1/d"))
        .containsExactlyEntriesOf(
            java.util.Map.of("spring.datasource.url", "jdbc:postgresql://h:1/d"));
  }

  @Test
  void theOwnersLoginComesFromTheSameSettings() {
    assertThat(
            DatabaseUrl.ownerFrom(DatabaseUrl.toDatasource("postgres://owner:pw@db.example/land")))
        .containsEntry("spring.flyway.user", "owner")
        .containsEntry("spring.flyway.password", "pw");
  }

  @Test
  void anythingElseIsRefusedWithTheExpectedForm() {
    assertThatThrownBy(() -> DatabaseUrl.toDatasource("mysql://u@h/d"))
        .hasMessageContaining("postgres://user:password@host:5432/database");
  }
}
