package cn.foshan.redline.contiguity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Once the service is ready (after the migrations and the demo city): starts making, in the
 * background, every past year end of the contiguity trend the database does not keep yet (both
 * layers by both kinds of unit), so that the first trend request finds them made rather than
 * starting them; unless {@code redline.contiguity.keep-years-on-start} is false (the benchmarks,
 * which time the service without it). The service answers meanwhile: a trend request lists the year
 * ends still being made in {@code making}.
 */
@Component
class ContiguityYearsOnStart implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(ContiguityYearsOnStart.class);

  private final Contiguity contiguity;

  ContiguityYearsOnStart(Contiguity contiguity) {
    this.contiguity = contiguity;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (!contiguity.properties().keepYearsOnStart()) {
      log.info(
          "contiguity: past year ends not made at start"
              + " (redline.contiguity.keep-years-on-start=false)");
      return;
    }
    int started = contiguity.makeMissingYearEnds().size();
    if (started > 0) {
      log.info(
          "集聚连片：启动时在后台计算 {} 个往年年末（contiguity: {} past year ends being made)", started, started);
    }
  }
}
