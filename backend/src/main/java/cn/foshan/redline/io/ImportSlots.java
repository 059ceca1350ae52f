package cn.foshan.redline.io;

import cn.foshan.redline.system.ApiException;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * At most {@code redline.io.max-concurrent} imports are read at once (layer files and the year's
 * indicator files alike): each unpacks, runs GDAL, fills staging tables and holds a connection for
 * minutes. One more is refused at once with 503 and Retry-After, before its file is read.
 */
@Component
public class ImportSlots {

  /** A slot held while an import is read; closing it frees it. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  private final Semaphore slots;

  ImportSlots(IoProperties properties) {
    this.slots = new Semaphore(properties.maxConcurrent());
  }

  /** A free slot, or a 503 problem with Retry-After when every slot is taken. */
  public Slot take() {
    if (!slots.tryAcquire()) {
      throw ApiException.busy(
          "too-many-imports",
          "正在进行的导入已达上限，请稍后再试（Too many imports are running at once; try again in a" + " minute）",
          30);
    }
    return slots::release;
  }
}
