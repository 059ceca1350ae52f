package cn.foshan.redline.gisdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the tab-separated reference files under {@code gis-data/}: '#' lines are comments. */
final class Tsv {

  private Tsv() {}

  static List<Map<String, String>> read(String resource) {
    try (InputStream in = open(resource);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<Map<String, String>> rows = new ArrayList<>();
      String[] header = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (header == null) {
          header = fields;
          continue;
        }
        if (fields.length != header.length) {
          throw new IllegalStateException(
              resource + ": expected " + header.length + " fields in: " + line);
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], fields[i]);
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream open(String resource) {
    InputStream in = Tsv.class.getResourceAsStream("/gis-data/" + resource);
    if (in == null) {
      throw new IllegalStateException("missing resource gis-data/" + resource);
    }
    return in;
  }
}
