package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * One package per capability, and no capability reaches into another's internals or depends on it
 * in a cycle (Spring Modulith's rules: only a module's top-level public types are its API). The
 * module diagrams in docs/modules are drawn from the code by Spring Modulith's Documenter
 * (PlantUML, C4 style): the test fails when they differ from what the code says; run it with {@code
 * -Dmodules.update=true} to rewrite them, and commit the diff.
 */
@Tag("fast")
class ModularityTests {

  private static final ApplicationModules MODULES = ApplicationModules.of(RedlineApplication.class);

  /** The diagrams as committed, beside the backend (the tests run in backend/). */
  private static final Path COMMITTED = Path.of("..", "docs", "modules");

  /** Where the Documenter draws them afresh (cleaned first). */
  private static final String DRAWN = "target/spring-modulith-docs";

  @Test
  void capabilitiesKeepToTheirBoundaries() {
    MODULES.verify();
  }

  @Test
  void theModuleDiagramsAreTheCodes() throws IOException {
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DRAWN))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml();
    Map<String, String> drawn = diagrams(Path.of(DRAWN));
    assertThat(drawn).isNotEmpty().containsKey("components.puml");
    if (Boolean.getBoolean("modules.update")) {
      Files.createDirectories(COMMITTED);
      for (String stale : diagrams(COMMITTED).keySet()) {
        if (!drawn.containsKey(stale)) {
          Files.delete(COMMITTED.resolve(stale));
        }
      }
      for (Map.Entry<String, String> d : drawn.entrySet()) {
        Files.writeString(COMMITTED.resolve(d.getKey()), d.getValue(), StandardCharsets.UTF_8);
      }
      return;
    }
    assertThat(lines(diagrams(COMMITTED)))
        .as(
            "docs/modules is not what the code says: run ModularityTests with"
                + " -Dmodules.update=true and commit the diagrams")
        .isEqualTo(lines(drawn));
  }

  /** Each diagram's lines, sorted: the Documenter does not promise an order of its elements. */
  private static Map<String, List<String>> lines(Map<String, String> diagrams) {
    Map<String, List<String>> lines = new TreeMap<>();
    diagrams.forEach((name, text) -> lines.put(name, text.lines().sorted().toList()));
    return lines;
  }

  /** The PlantUML files of a folder by name (none if there is no folder). */
  private static Map<String, String> diagrams(Path folder) throws IOException {
    Map<String, String> found = new TreeMap<>();
    if (!Files.isDirectory(folder)) {
      return found;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
        found.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return found;
  }
}
