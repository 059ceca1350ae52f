package cn.foshan.redline.attachment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize the largest file accepted (413 above it); at most 100 MB (the database's limit)
 * @param sliceSize how much of a file one read of the database takes while a download streams
 */
@ConfigurationProperties("redline.attachments")
record AttachmentProperties(DataSize maxSize, DataSize sliceSize) {

  /** The database's own limit of an attachment (V36). */
  static final DataSize DATABASE_LIMIT = DataSize.ofMegabytes(100);

  AttachmentProperties {
    maxSize = maxSize == null ? DataSize.ofMegabytes(20) : maxSize;
    sliceSize = sliceSize == null ? DataSize.ofMegabytes(1) : sliceSize;
    if (maxSize.toBytes() < 1 || maxSize.toBytes() > DATABASE_LIMIT.toBytes()) {
      throw new IllegalArgumentException(
          "redline.attachments.max-size must be between 1 byte and 100MB, not " + maxSize);
    }
    if (sliceSize.toBytes() < 1024 || sliceSize.toBytes() > DataSize.ofMegabytes(16).toBytes()) {
      throw new IllegalArgumentException(
          "redline.attachments.slice-size must be between 1KB and 16MB, not " + sliceSize);
    }
  }
}
