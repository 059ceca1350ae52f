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
 */
@ConfigurationProperties("redline.io")
record IoProperties(
    DataSize maxUpload,
    DataSize maxUnzipped,
    Integer maxZipEntries,
    Duration gdalTimeout,
    Duration staleAfter) {

  IoProperties {
    maxUpload = maxUpload == null ? DataSize.ofMegabytes(512) : maxUpload;
    maxUnzipped = maxUnzipped == null ? DataSize.ofGigabytes(2) : maxUnzipped;
    maxZipEntries = maxZipEntries == null ? 100 : maxZipEntries;
    gdalTimeout = gdalTimeout == null ? Duration.ofMinutes(30) : gdalTimeout;
    staleAfter = staleAfter == null ? Duration.ofDays(1) : staleAfter;
  }
}
