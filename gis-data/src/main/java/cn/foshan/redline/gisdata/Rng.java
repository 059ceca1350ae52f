package cn.foshan.redline.gisdata;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random numbers: every stream is derived from the seed, a stream name and an index,
 * so one piece of the city does not change when another is generated differently or in parallel.
 */
final class Rng {

  private final SplittableRandom random;

  private Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  static Rng of(long seed, String stream, long index) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (int i = 0; i < stream.length(); i++) {
      h = mix(h ^ stream.charAt(i));
    }
    return new Rng(mix(h ^ index));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  double uniform() {
    return random.nextDouble();
  }

  double uniform(double from, double to) {
    return from + (to - from) * random.nextDouble();
  }

  int integer(int from, int toInclusive) {
    return random.nextInt(from, toInclusive + 1);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  double normal(double mean, double sd) {
    // Box–Muller; one value per call keeps the stream simple and reproducible.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal value with the given median and log-scale spread. */
  double logNormal(double median, double sigma) {
    return median * Math.exp(normal(0, sigma));
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** An index drawn with the given (non-negative) weights. */
  int weighted(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
