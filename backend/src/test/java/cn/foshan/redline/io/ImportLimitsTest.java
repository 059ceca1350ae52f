package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.ServiceClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What an import may take: a zip bomb never reaches the disk (the zip is read through, counting,
 * before anything is written), and at most redline.io.max-concurrent imports run at once.
 */
class ImportLimitsTest extends IoTest {

  @Autowired ImportSlots slots;

  /** The bytes under the work directories of imports whose upload.zip is this many bytes. */
  private static long workDirBytes(long zipSize) throws IOException {
    long total = 0;
    try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      for (Path dir :
          dirs.filter(p -> p.getFileName().toString().startsWith("redline-import-")).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          List<Path> all = files.toList();
          boolean ours = false;
          long bytes = 0;
          for (Path f : all) {
            long size = Files.size(f);
            ours |= f.getFileName().toString().equals("upload.zip") && size == zipSize;
            bytes += size;
          }
          if (ours) {
            total += bytes;
          }
        } catch (IOException e) {
          // deleted as we looked
        }
      }
    }
    return total;
  }

  @Test
  void aZipBombNeverReachesTheDisk() throws Exception {
    double[] at = freeSpot("440605", "parcel", 31);
    Path dir = temp();
    Path shp =
        shapefile(geojson(dir, "p", parcels(at[0], at[1], 2, "B-")), dir, "p", 4490, "UTF-8");
    // a good Shapefile whose .dbf is followed by 64 MB of zeros (about 64 kB zipped)
    Map<String, byte[]> parts = new LinkedHashMap<>(shapefileParts(shp));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : parts.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        if (e.getKey().endsWith(".dbf")) {
          byte[] zeros = new byte[1 << 20];
          for (int i = 0; i < 64; i++) {
            zip.write(zeros);
          }
        }
        zip.closeEntry();
      }
    }
    byte[] bomb = bytes.toByteArray();
    // the work directory is watched while the upload is refused
    AtomicLong peak = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    Thread watch =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  peak.accumulateAndGet(workDirBytes(bomb.length), Math::max);
                } catch (IOException e) {
                  // a directory went as we looked
                }
              }
            });
    watch.start();
    JsonNode problem;
    try {
      problem = expectUpload(413, "bureau", bomb, "bomb.zip", "layer", "parcel");
    } finally {
      done.set(true);
      watch.join();
    }
    assertThat(problem.get("type").asString()).isEqualTo("/problems/zip-too-large");
    assertThat(problem.get("detail").asString()).startsWith("压缩包");
    // at most the zip itself and the small parts: never the unpacked megabytes
    assertThat(peak.get()).isLessThan(bomb.length + 256 * 1024L);
  }

  @Test
  void importsBeyondTheCapAre503WithRetryAfter() throws Exception {
    List<ImportSlots.Slot> taken = new ArrayList<>();
    try {
      // every slot is held (as by imports running now)
      while (true) {
        try {
          taken.add(slots.take());
        } catch (cn.foshan.redline.system.ApiException e) {
          break;
        }
      }
      assertThat(taken).hasSize(2);
      HttpResponse<byte[]> response =
          upload("bureau", new byte[] {'P', 'K', 3, 4}, "any.zip", "layer", "parcel");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(response.body()).get("type").asString())
          .isEqualTo("/problems/too-many-imports");
    } finally {
      taken.forEach(ImportSlots.Slot::close);
    }
    // with a slot free, the same file is read (and found not to be a zip)
    assertThat(
            upload("bureau", new byte[] {'P', 'K', 3, 4}, "any.zip", "layer", "parcel")
                .statusCode())
        .isEqualTo(422);
  }

  private static JsonNode json(byte[] body) {
    return ServiceClient.json(body);
  }
}
