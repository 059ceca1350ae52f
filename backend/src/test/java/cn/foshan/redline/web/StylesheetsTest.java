package cn.foshan.redline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The pages' stylesheets are whole: every block closed, and no style rule opened inside another.
 * Browsers read an unclosed rule as CSS nesting, so a lost "}" silently scopes every rule after it
 * under the rule before (it happened: the attachments', search box's and popup cases' styles
 * applied nowhere). We write no nested CSS, so a nested style rule is such a mistake.
 */
@Tag("fast")
class StylesheetsTest {

  @Test
  void everyBlockIsClosedAndNoStyleRuleIsOpenedInsideAnother() throws IOException {
    Resource[] sheets =
        new PathMatchingResourcePatternResolver()
            .getResources("classpath*:META-INF/resources/*.css");
    assertThat(sheets).as("the pages' stylesheets").hasSizeGreaterThan(5);
    List<String> problems = new ArrayList<>();
    for (Resource sheet : sheets) {
      problems.addAll(
          problems(sheet.getFilename(), sheet.getContentAsString(StandardCharsets.UTF_8)));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aLostClosingBraceIsFound() {
    assertThat(problems("t.css", ".a {\n  color: red;\n.b {\n  color: blue;\n}\n"))
        .containsExactly(
            "t.css:3: a style rule opened inside the style rule on line 1 (a lost '}'?)",
            "t.css: 1 block(s) not closed at the end");
    assertThat(problems("t.css", "@media (max-width: 1px) {\n  .a { color: red; }\n}\n/* { */"))
        .isEmpty();
  }

  /** What is wrong with a stylesheet's blocks, line by line. */
  static List<String> problems(String name, String css) {
    List<String> found = new ArrayList<>();
    Deque<int[]> open = new ArrayDeque<>(); // {line, 1 when a style rule, 0 when an at-rule}
    StringBuilder prelude = new StringBuilder();
    int line = 1;
    for (int i = 0; i < css.length(); i++) {
      char c = css.charAt(i);
      if (c == '\n') {
        line++;
      }
      if (c == '/' && i + 1 < css.length() && css.charAt(i + 1) == '*') {
        int end = css.indexOf("*/", i + 2);
        end = end < 0 ? css.length() : end + 1;
        line += (int) css.substring(i, end).chars().filter(ch -> ch == '\n').count();
        i = end;
        continue;
      }
      if (c == '"' || c == '\'') {
        int end = css.indexOf(c, i + 1);
        i = end < 0 ? css.length() : end;
        continue;
      }
      if (c == '{') {
        boolean style = !prelude.toString().strip().startsWith("@");
        if (style && !open.isEmpty() && open.peek()[1] == 1) {
          found.add(
              name
                  + ":"
                  + line
                  + ": a style rule opened inside the style rule on line "
                  + open.peek()[0]
                  + " (a lost '}'?)");
        }
        open.push(new int[] {line, style ? 1 : 0});
        prelude.setLength(0);
      } else if (c == '}') {
        if (open.isEmpty()) {
          found.add(name + ":" + line + ": a '}' that closes nothing");
        } else {
          open.pop();
        }
        prelude.setLength(0);
      } else if (c == ';') {
        prelude.setLength(0);
      } else {
        prelude.append(c);
      }
    }
    if (!open.isEmpty()) {
      found.add(name + ": " + open.size() + " block(s) not closed at the end");
    }
    return found;
  }
}
