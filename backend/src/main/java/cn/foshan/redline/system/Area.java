package cn.foshan.redline.system;

/**
 * Land area units. Areas are ellipsoidal m² from the database; 1 mu = 10000/15 m², 1 km² = 1500 mu.
 */
public final class Area {

  public static final double SQUARE_METRES_PER_MU = 10000.0 / 15.0;

  private Area() {}

  /** m² → km², to the square metre. */
  public static double km2(double m2) {
    return Math.round(m2) / 1e6;
  }

  /** m² → mu, to 0.01 mu. */
  public static double mu(double m2) {
    return Math.round(m2 / SQUARE_METRES_PER_MU * 100) / 100.0;
  }
}
