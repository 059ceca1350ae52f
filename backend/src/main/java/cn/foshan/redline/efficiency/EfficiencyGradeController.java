package cn.foshan.redline.efficiency;

import cn.foshan.redline.district.DistrictCodes;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.FigureScope;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Grades: how they moved from the previous year, the grading models that give them (versioned per
 * year), and the recomputation of a year.
 */
@RestController
@RequestMapping("/api/efficiency")
@Tag(name = "Efficiency")
class EfficiencyGradeController {

  /** An enterprise is in a cluster when one of its parcels is. */
  private static final String ENTERPRISE_IN_CLUSTER =
      "EXISTS (SELECT 1 FROM parcel_enterprise l JOIN parcel lp ON lp.id ="
          + " l.parcel_id WHERE l.enterprise_id = f.enterprise_id AND lp.cluster_id"
          + " = :cluster)";

  private final JdbcClient jdbc;
  private final EfficiencyYears years;
  private final DistrictCodes districts;
  private final Recompute recompute;
  private final GradingModels models;
  private final FigureScope figures;
  private final SqlTemplate selectGradeChanges =
      SqlTemplate.load(
          "efficiency/select_grade_changes.sql", "cluster", "figures", "grades", "key");
  private final String selectKeptGradeChanges =
      SqlFiles.load("efficiency/select_kept_grade_changes.sql");

  EfficiencyGradeController(
      JdbcClient jdbc,
      EfficiencyYears years,
      DistrictCodes districts,
      Recompute recompute,
      GradingModels models,
      FigureScope figures) {
    this.districts = districts;
    this.figures = figures;
    this.jdbc = jdbc;
    this.years = years;
    this.recompute = recompute;
    this.models = models;
  }

  record GradeChange(String from, String to, long subjects) {}

  record GradeChanges(
      int year,
      int previousYear,
      String subject,
      long modelId,
      long previousModelId,
      long up,
      long down,
      long same,
      long graded,
      long noLongerGraded,
      List<GradeChange> changes,
      Map<String, Object> figureScope) {}

  @GetMapping("/grade-changes")
  @Operation(
      summary =
          "How grades moved from the previous year (its active model) to this one: enterprises or"
              + " parcels counted per pair of grades (null: not graded or not there that year), and"
              + " how many went up, down or stayed; in a district or cluster if given; a role reading"
              + " only its own district's figures gets its district's (figureScope), 403 for another"
              + " or for a role reading none; the city's counts are those the database keeps"
              + " beside the grades (V53)")
  GradeChanges gradeChanges(
      @RequestParam(required = false) Integer year,
      @RequestParam(defaultValue = "enterprise") String subject,
      @RequestParam(required = false) String district,
      @RequestParam(required = false) String cluster) {
    int y = years.year(year);
    if (!subject.equals("enterprise") && !subject.equals("parcel")) {
      throw ApiException.badRequest("invalid-parameter", "subject must be enterprise or parcel");
    }
    // counted over the role's scope: its own district's when that is all it reads
    FigureScope.Scope scope = figures.some();
    String d = figures.district(scope, districts.check(district, ""));
    String c = PlannerQuery.blank(cluster);
    Long clusterId = c == null ? null : PlannerQuery.number("cluster", c);
    long model = years.activeModel(y);
    long previous = years.activeModel(y - 1);
    if (previous < 0) {
      throw ApiException.badRequest(
          "invalid-year", "There are no grades of " + (y - 1) + " to compare " + y + " with");
    }
    boolean parcels = subject.equals("parcel");
    List<GradeChange> changes =
        d == null && clusterId == null ? keptChanges(subject, previous, model) : null;
    if (changes == null) {
      changes = countedChanges(parcels, model, previous, y, d, clusterId);
    }
    long up = 0;
    long down = 0;
    long same = 0;
    long graded = 0;
    long noLongerGraded = 0;
    for (GradeChange g : changes) {
      if (g.from() == null && g.to() != null) {
        graded += g.subjects();
      } else if (g.from() != null && g.to() == null) {
        noLongerGraded += g.subjects();
      } else if (g.from() != null) {
        // A is the best grade: a letter earlier in the alphabet is a better one
        int move = g.from().compareTo(g.to());
        if (move > 0) {
          up += g.subjects();
        } else if (move < 0) {
          down += g.subjects();
        } else {
          same += g.subjects();
        }
      }
    }
    return new GradeChanges(
        y,
        y - 1,
        subject,
        model,
        previous,
        up,
        down,
        same,
        graded,
        noLongerGraded,
        changes,
        scope.describe());
  }

  /**
   * The city's grade changes as the database keeps them (V53), in one statement: null when the pair
   * of models is not kept.
   */
  private List<GradeChange> keptChanges(String subject, long previous, long model) {
    List<GradeChange> rows =
        jdbc.sql(selectKeptGradeChanges)
            .param("subject", subject)
            .param("previous", previous)
            .param("model", model)
            .query(
                (rs, n) -> {
                  long subjects = rs.getLong("subjects");
                  return rs.wasNull()
                      ? null
                      : new GradeChange(
                          rs.getString("from_grade"), rs.getString("to_grade"), subjects);
                })
            .list();
    if (rows.isEmpty()) {
      return null;
    }
    // the pair is kept: its one row without counts says no subject was graded by either model
    return rows.stream().filter(Objects::nonNull).toList();
  }

  /** The grade changes counted from the grades (a district, a cluster, or a pair not kept). */
  private List<GradeChange> countedChanges(
      boolean parcels, long model, long previous, int y, String d, Long clusterId) {
    String query =
        selectGradeChanges
            .identifier("grades", parcels ? "parcel_grade" : "enterprise_grade")
            .identifier("figures", parcels ? "parcel_efficiency" : "enterprise_efficiency")
            .identifier("key", parcels ? "parcel_id" : "enterprise_id")
            .sql("cluster", parcels ? "f.cluster_id = :cluster" : ENTERPRISE_IN_CLUSTER)
            .sql();
    return jdbc.sql(query)
        .param("model", model)
        .param("previous", previous)
        .param("year", y)
        .param("district", d)
        .param("cluster", clusterId)
        .query(
            (rs, n) ->
                new GradeChange(
                    rs.getString("from_grade"), rs.getString("to_grade"), rs.getLong("subjects")))
        .list();
  }

  @GetMapping("/models")
  @Operation(summary = "Grading models, every version, of a year (or all years)")
  List<GradingModels.Model> models(@RequestParam(required = false) Integer year) {
    return models.list(year);
  }

  @GetMapping("/models/{id}")
  @Operation(summary = "One grading model version")
  GradingModels.Model model(@PathVariable long id) {
    return models.get(id);
  }

  record Reproduction(long modelId, long enterpriseDifferences, long parcelDifferences) {}

  @GetMapping("/models/{id}/reproduction")
  @Operation(
      summary =
          "Grades the year again with this model version (nothing stored) and counts the"
              + " enterprises and parcels whose score, rank or grade differ from the stored ones: 0"
              + " and 0 when the stored grades are reproduced exactly; a role that does not read every"
              + " district's figures gets 403 (the check covers the whole city)")
  Reproduction reproduction(@PathVariable long id) {
    figures.requireAll(figures.current(), "重新评价的核对");
    models.get(id);
    return new Reproduction(
        id, recompute.differences(id, "enterprise"), recompute.differences(id, "parcel"));
  }

  @PostMapping("/models")
  @Operation(
      summary =
          "A new version of a year's grading model (bureau, admin): indicators with weights and"
              + " benchmarks (per industry allowed), method RATIO|MINMAX|PERCENTILE, classRule"
              + " {kind: RANK_SHARE, A, B, D} or {kind: THRESHOLD, A, B, C}, exclusions"
              + " {industrySections, minAgeYears}; it becomes active and the year is graded with it;"
              + " earlier versions keep their grades")
  ResponseEntity<GradingModels.Model> createModel(@RequestBody GradingModels.ModelRequest body) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(models.create(UserAccounts.require(), body));
  }

  @PostMapping("/recompute")
  @Operation(
      summary =
          "Recomputes a year's indicators, compliance checks and grades (active model) from the"
              + " figures (bureau, admin); a year whose active model is published (公示 or final) is"
              + " refused at once, 422 grades-published")
  Recompute.Result recompute(@RequestParam int year) {
    AppUser user =
        UserAccounts.requireCommits("只有市自然资源局可以重算一年的指标（only the bureau recomputes a year）");
    if (year < 2000) {
      throw ApiException.badRequest("invalid-year", "year must be 2000 or later");
    }
    return recompute.year(year, user.username());
  }
}
