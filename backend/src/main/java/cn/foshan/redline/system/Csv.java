package cn.foshan.redline.system;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One line of CSV (RFC 4180, CRLF) for every CSV the service writes: a cell holding a comma, quote
 * or line break is quoted, and a text cell a spreadsheet would take for a formula (starting with
 * {@code = + - @}, a tab or a carriage return) is kept as text with a leading apostrophe — names
 * and reasons come from people and files. Numbers, negative ones included, stay numbers.
 */
public final class Csv {

  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  private Csv() {}

  public static String line(String... fields) {
    return line(Arrays.asList(fields));
  }

  public static String line(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      String f = fields.get(i) == null ? "" : fields.get(i);
      if (!f.isEmpty() && "=+-@\t\r".indexOf(f.charAt(0)) >= 0 && !NUMBER.matcher(f).matches()) {
        f = "'" + f;
      }
      if (f.indexOf(',') >= 0
          || f.indexOf('"') >= 0
          || f.indexOf('\n') >= 0
          || f.indexOf('\r') >= 0) {
        line.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        line.append(f);
      }
    }
    return line.append("\r\n").toString();
  }
}
