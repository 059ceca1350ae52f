package cn.foshan.redline.system;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An answer made from layers that rarely change (the districts, the clusters), kept in memory with
 * the revisions of those layers it was made at, and made again when any of them has moved. A write
 * raises its layer's revision in its own transaction, so the revisions are read before the answer
 * is made: an answer is never kept under newer revisions than the data it was made from, and a
 * request never gets an answer older than the revisions it read (never stale). One small query (the
 * revisions) per request instead of the answer's.
 *
 * @param <T> the answer
 */
public final class ByLayerRevisions<T> {

  private static final String REVISIONS = SqlFiles.load("system/select_layer_revisions.sql");

  private record Kept<T>(String revisions, T answer) {}

  private final JdbcClient jdbc;
  private final String[] layers;
  private final AtomicReference<Kept<T>> kept = new AtomicReference<>();

  public ByLayerRevisions(JdbcClient jdbc, List<String> layers) {
    this.jdbc = jdbc;
    this.layers = layers.toArray(new String[0]);
  }

  /** The kept answer if the layers have not changed since it was made, else a new one. */
  public T get(Supplier<T> make) {
    String revisions = jdbc.sql(REVISIONS).param("layers", layers).query(String.class).single();
    Kept<T> k = kept.get();
    if (k != null && k.revisions().equals(revisions)) {
      return k.answer();
    }
    T answer = make.get();
    kept.set(new Kept<>(revisions, answer));
    return answer;
  }
}
