package cn.foshan.redline.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

@Tag("fast")
class ChineseFirstTest {

  @Test
  void aDetailWithoutChineseGetsItsKindsSentenceInFront() {
    assertThat(ApiException.badRequest("invalid-parameter", "limit must be 1 to 1000").getMessage())
        .isEqualTo("参数不对（limit must be 1 to 1000）");
    // a detail in Chinese already is left as it is
    assertThat(ApiException.notFound("unknown-parcel", "没有宗地 P1（no parcel P1）").getMessage())
        .isEqualTo("没有宗地 P1（no parcel P1）");
    // a type without a sentence of its own: its status's
    assertThat(ChineseFirst.detail(HttpStatus.CONFLICT, "something-new", "Already done"))
        .isEqualTo("与当前状态冲突（Already done）");
    assertThat(ApiException.badRequest("invalid-bbox", "bbox is w,s,e,n").toProblem().getDetail())
        .startsWith("地图范围 bbox 不对（");
  }

  /**
   * Every refusal the service raises with a detail written without Chinese has a type with a
   * sentence of its own (not only its status's): read from the sources, so a new one cannot slip in
   * English only.
   */
  @Test
  void everyTypeRaisedWithAnEnglishDetailHasAChineseSentence() throws IOException {
    Pattern call =
        Pattern.compile(
            "ApiException\\.\\w+\\(\\s*\"([^\"]*)\"\\s*,\\s*((?:\"[^\"]*\"|[^;])*?)\\)\\s*;",
            Pattern.DOTALL);
    Pattern han = Pattern.compile("\\p{IsHan}");
    List<String> missing = new ArrayList<>();
    int calls = 0;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String source = Files.readString(f, StandardCharsets.UTF_8);
        Matcher m = call.matcher(source);
        while (m.find()) {
          calls++;
          if (!han.matcher(m.group(2)).find() && !ChineseFirst.LEADS.containsKey(m.group(1))) {
            missing.add(f.getFileName() + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(calls).as("refusals read from the sources").isGreaterThan(100);
    assertThat(missing).as("types without a Chinese sentence").isEmpty();
  }
}
