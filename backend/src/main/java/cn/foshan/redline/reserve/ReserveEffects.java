package cn.foshan.redline.reserve;

import cn.foshan.redline.editing.ChangeSetEffects;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.SqlFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The ready reserve (达标 land, mu) in a change set's preview, before and after its edits. */
@Component
@Order(2)
class ReserveEffects implements ChangeSetEffects {

  private final JdbcClient jdbc;
  private final String readySql = SqlFiles.load("reserve/select_ready_reserve.sql");

  ReserveEffects(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Object> none() {
    return figures(0, 0);
  }

  @Override
  public After before(long changeSet, Detail detail) {
    double before = ready();
    return cs -> figures(Area.mu(before), Area.mu(ready()));
  }

  private static Map<String, Object> figures(double beforeMu, double afterMu) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("readyReserveBeforeMu", beforeMu);
    figures.put("readyReserveAfterMu", afterMu);
    return figures;
  }

  /** The ready reserve now (m²). */
  private double ready() {
    return jdbc.sql(readySql).query(Double.class).single();
  }
}
