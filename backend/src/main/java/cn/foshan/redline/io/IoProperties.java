package cn.foshan.redline.io;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxUpload the largest file accepted (413 above it); spring.servlet.multipart.max-file-size
 *     follows it
 * @param maxUnzipped the most a zip may decompress to, counted as it is decompressed (zip bombs)
 * @param maxZipEntries the most entries a zip may hold
 * @param gdalTimeout how long one GDAL command may run before it is stopped
 * @param staleAfter a staged import untouched this long is discarded
 * @param maxZipRatio the most a zip may decompress to per byte of the zip (zip bombs)
 * @param maxShapePoints the most points a shape of a file may have (counted before anything else is
 *     done with it)
 * @param maxRepairPoints invalid shapes of at most this many points are repaired; larger ones are
 *     refused with the reason
 * @param maxConcurrent the most imports (layer files and indicator files) read at once; one more is
 *     answered 503 with Retry-After
 * @param maxReferenceFeatures the most features a reference layer may hold (a file of more is
 *     refused, 422); at most 200,000 (the database's own limit, V35)
 */
@ConfigurationProperties("redline.io")
record IoProperties(
    DataSize maxUpload,
    DataSize maxUnzipped,
    Integer maxZipEntries,
    Duration gdalTimeout,
    Duration staleAfter,
    Integer maxZipRatio,
    Integer maxShapePoints,
    Integer maxRepairPoints,
    Integer maxConcurrent,
    Integer maxReferenceFeatures) {

  IoProperties {
    maxUpload = maxUpload == null ? DataSize.ofMegabytes(512) : maxUpload;
    maxUnzipped = maxUnzipped == null ? DataSize.ofGigabytes(2) : maxUnzipped;
    maxZipEntries = maxZipEntries == null ? 100 : maxZipEntries;
    gdalTimeout = gdalTimeout == null ? Duration.ofMinutes(30) : gdalTimeout;
    staleAfter = staleAfter == null ? Duration.ofDays(1) : staleAfter;
    maxZipRatio = maxZipRatio == null ? 100 : maxZipRatio;
    maxShapePoints = maxShapePoints == null ? 50_000 : maxShapePoints;
    maxRepairPoints = maxRepairPoints == null ? 5_000 : maxRepairPoints;
    maxConcurrent = maxConcurrent == null ? 2 : maxConcurrent;
    maxReferenceFeatures = maxReferenceFeatures == null ? 100_000 : maxReferenceFeatures;
    if (maxReferenceFeatures < 1 || maxReferenceFeatures > 200_000) {
      throw new IllegalStateException(
          "redline.io.max-reference-features must be 1–200000, not " + maxReferenceFeatures);
    }
  }
}
