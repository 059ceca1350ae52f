package cn.foshan.redline.efficiency;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Before the server starts (after the demo city is loaded): computes every year that has figures
 * but no indicators yet, or whose indicators name parcels or enterprises no longer there (a demo
 * city loaded again), with its default grading model when it has none; unless {@code
 * redline.efficiency.compute-on-start} is false.
 */
@Component
@DependsOn("demoCityInitializer")
class EfficiencyInitializer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(EfficiencyInitializer.class);

  private final Recompute recompute;
  private final EfficiencyProperties properties;

  EfficiencyInitializer(Recompute recompute, EfficiencyProperties properties) {
    this.recompute = recompute;
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() {
    if (!properties.computeOnStart()) {
      log.info("efficiency: not computed at start (redline.efficiency.compute-on-start=false)");
      return;
    }
    // read as the owner: the figures are row-level secured (V39), and nobody is logged in yet
    List<Integer> years = recompute.asOwner().staleYears();
    for (int year : years) {
      Recompute.Result r = recompute.asOwner().year(year, "system");
      log.info(
          "efficiency of {}: {} enterprises, {} parcels, {} agreements to report, in {} s",
          year,
          r.enterprises(),
          r.parcels(),
          r.breaches(),
          r.seconds());
    }
  }
}
