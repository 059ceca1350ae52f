package cn.foshan.redline.maps;

import cn.foshan.redline.system.SqlFiles;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At start-up: the layers the code keeps with history are the layers the database versions ({@code
 * versioned_layer}, V22), each in the same table. A layer defined without its migration's {@code
 * register_versioned_layer} (or the other way round) stops the service with a message saying which,
 * instead of failing later on the first edit.
 */
@Component
class VersionedLayerCheck implements ApplicationRunner {

  private final String versionedLayersSql = SqlFiles.load("maps/select_versioned_layers.sql");
  private final LayerCatalog catalog;
  private final JdbcClient jdbc;

  VersionedLayerCheck(LayerCatalog catalog, JdbcClient jdbc) {
    this.catalog = catalog;
    this.jdbc = jdbc;
  }

  @Override
  public void run(ApplicationArguments args) {
    Map<String, String> code = new TreeMap<>();
    catalog.all().stream()
        .filter(FeatureLayer::versioned)
        .forEach(l -> code.put(l.id(), l.table()));
    Map<String, String> database = new TreeMap<>();
    jdbc.sql(versionedLayersSql)
        .query((rs, n) -> database.put(rs.getString("layer"), rs.getString("tbl")))
        .list();
    if (!code.equals(database)) {
      throw new IllegalStateException(
          "The layers kept with history in the code "
              + code
              + " are not those the database versions (versioned_layer) "
              + database
              + ": a layer's migration registers it with register_versioned_layer (see"
              + " docs/architecture.md, Adding a layer)");
    }
  }
}
