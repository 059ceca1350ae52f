package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.ReserveLand;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Supervision agreements (监管协议) for the land granted since 2018: the promised investment, output
 * and tax per mu and plot ratio (a reserve piece's own terms when the parcel was one), and the
 * dates by which works start, complete and production starts.
 */
final class Agreements {

  /** Land granted from this day on has a supervision agreement. */
  static final LocalDate SINCE = LocalDate.of(2018, 1, 1);

  private Agreements() {}

  /** The agreement's dates: start of works, completion, start of production. */
  static LocalDate[] dueDates(LocalDate granted, int daysToStart) {
    LocalDate start = granted.plusDays(daysToStart);
    LocalDate complete = start.plusDays(730);
    return new LocalDate[] {start, complete, complete.plusDays(180)};
  }

  static long write(Connection connection, long seed, long changeSetId, Landholders holders)
      throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            connection,
            "supervision_agreement",
            "parcel_id, contract_number, signed_on, investment_per_mu, output_per_mu, tax_per_mu,"
                + " plot_ratio_min, start_works_by, complete_by, start_production_by, change_set_id")) {
      int[] sequence = new int[Landholders.DISTRICTS.size()];
      for (int i = 0; i < holders.parcelCount(); i++) {
        LocalDate granted = LocalDate.ofEpochDay(holders.grantedOn(i));
        if (granted.isBefore(SINCE)) {
          continue;
        }
        Rng rng = Rng.of(seed, "agreement", i);
        ReserveLand reserve = holders.reserveOn(i);
        LocalDate[] due = dueDates(granted, holders.daysToStart(i));
        int district = holders.districtIndex(i);
        int seq = ++sequence[district];
        copy.integer(i + 1)
            .text(
                String.format(
                    "JG%s-%d-%05d", Landholders.DISTRICTS.get(district), granted.getYear(), seq))
            .date(granted)
            .decimal(
                reserve != null
                    ? reserve.investmentPerMu()
                    : Reserves.round(rng.uniform(250, 480), 10),
                2)
            .decimal(
                reserve != null ? reserve.outputPerMu() : Reserves.round(rng.uniform(300, 700), 10),
                2)
            .decimal(
                reserve != null ? reserve.taxPerMu() : Reserves.round(rng.uniform(15, 35), 1), 2)
            .decimal(
                reserve != null
                    ? reserve.plotRatioMin()
                    : Reserves.round(rng.uniform(1.0, 2.5), 0.1),
                2)
            .date(due[0])
            .date(due[1])
            .date(due[2])
            .integer(changeSetId)
            .end();
      }
      return copy.rows();
    }
  }
}
