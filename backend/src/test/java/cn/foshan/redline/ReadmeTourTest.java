package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's tour says what the demo city holds and what its commands answer; this test runs
 * them, so that the figures cannot drift from the system's. Every fenced block opened with {@code
 * ```sh tour} is run, in the order of the README, against the default demo city (seed 2022, 20,000
 * parcels, as {@code ./redline run} loads it) in a schema of its own — the tour writes (a reserve
 * transition, a parcel's correction), so it does not share the city of {@link DemoCityTest}. Each
 * command (a line and its continuations: after {@code \}, or while a {@code '} string is open) runs
 * in bash with {@code localhost:8080} pointed at this service; the lines {@code # → …} after it are
 * its output, line by line, exactly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadmeTourTest {

  private static final String SCHEMA = TestDatabase.schema("tour");
  private static final String EXPECT = "# → ";

  @LocalServerPort int port;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, SCHEMA);
    registry.add("redline.demo.enabled", () -> "true");
  }

  record Step(int line, String command, List<String> expected) {}

  /** The tour's commands with their expected output, in the README's order. */
  static List<Step> steps(List<String> readme) {
    List<Step> steps = new ArrayList<>();
    boolean inTour = false;
    Step open = null;
    for (int i = 0; i < readme.size(); i++) {
      String line = readme.get(i);
      if (!inTour) {
        inTour = line.strip().equals("```sh tour");
        continue;
      }
      if (line.strip().equals("```")) {
        inTour = false;
        open = null;
        continue;
      }
      if (line.startsWith(EXPECT)) {
        assertThat(open)
            .as("README line %d: an expected output without its command", i + 1)
            .isNotNull();
        open.expected().add(line.substring(EXPECT.length()));
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int start = i;
        StringBuilder command = new StringBuilder(line);
        while ((line.endsWith("\\") || openQuote(command)) && i + 1 < readme.size()) {
          line = readme.get(++i);
          command.append('\n').append(line);
        }
        open = new Step(start + 1, command.toString(), new ArrayList<>());
        steps.add(open);
      }
    }
    return steps;
  }

  /** Whether a single-quoted string is still open (a JSON body over several lines). */
  private static boolean openQuote(CharSequence command) {
    return command.chars().filter(c -> c == '\'').count() % 2 == 1;
  }

  @Test
  void theTourAnswersWhatTheReadmeSays() throws Exception {
    List<String> readme =
        Files.readAllLines(Path.of("..", "README.md").toAbsolutePath(), StandardCharsets.UTF_8);
    List<Step> steps = steps(readme);
    assertThat(steps).as("the README's tour blocks (```sh tour)").hasSizeGreaterThan(5);
    assertThat(steps.stream().filter(s -> !s.expected().isEmpty()).count())
        .as("tour commands with their output written down")
        .isGreaterThan(4);
    for (Step step : steps) {
      String command = step.command().replace("localhost:8080", "localhost:" + port);
      List<String> output = run(command);
      if (!step.expected().isEmpty()) {
        assertThat(output)
            .as("README line %d: %s", step.line(), step.command())
            .containsExactlyElementsOf(step.expected());
      }
    }
  }

  private static List<String> run(String command) throws IOException, InterruptedException {
    Process bash =
        new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    bash.getOutputStream().close();
    byte[] out = bash.getInputStream().readAllBytes();
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(bash.exitValue()).as("exit status of %s", command).isZero();
    return new String(out, StandardCharsets.UTF_8).lines().map(String::stripTrailing).toList();
  }
}
