package cn.foshan.redline.contiguity;

import cn.foshan.redline.contiguity.Contiguity.Answer;
import cn.foshan.redline.contiguity.Contiguity.By;
import cn.foshan.redline.contiguity.Contiguity.Layer;
import cn.foshan.redline.contiguity.Contiguity.Trend;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
    name = "Contiguity",
    description = "集聚连片: how fragmented the red line and the industrial land are")
class ContiguityController {

  private final Contiguity contiguity;

  ContiguityController(Contiguity contiguity) {
    this.contiguity = contiguity;
  }

  @GetMapping("/api/contiguity")
  @Operation(
      summary =
          "Patches of the red line or of the industrial land (parcels) per district or cluster:"
              + " number, mean and largest size (mu), share of the area in big blocks; now (from the"
              + " patch labels the database keeps up to date on every write: milliseconds at a"
              + " million parcels) or as of a moment (clustered from the history)")
  Answer contiguity(
      @Parameter(description = "red_line (工业用地红线) or industrial (宗地, the parcel ledger)")
          @RequestParam(defaultValue = "red_line")
          String layer,
      @Parameter(description = "district (区) or cluster (工业集聚区)")
          @RequestParam(defaultValue = "district")
          String by,
      @Parameter(description = "ISO 8601 moment (from the layer's history); none: now")
          @RequestParam(required = false)
          OffsetDateTime asOf) {
    Layer l = layer(layer);
    By b = by(by);
    Times.checked(asOf, "invalid-parameter", "asOf " + asOf);
    return asOf == null || !asOf.toInstant().isBefore(java.time.Instant.now())
        ? contiguity.now(l, b)
        : contiguity.compute(l, b, asOf);
  }

  @GetMapping("/api/contiguity/trend")
  @Operation(
      summary =
          "The same measure at the end of each year the history holds (Foshan time; the current"
              + " year: now), at most the last redline.contiguity.trend-years years; a past year end"
              + " not kept yet is made from the history in the background (from the service's"
              + " start on) and listed in making while it is")
  Trend trend(
      @RequestParam(defaultValue = "red_line") String layer,
      @RequestParam(defaultValue = "district") String by) {
    return contiguity.trend(layer(layer), by(by));
  }

  private static Layer layer(String id) {
    return Arrays.stream(Layer.values())
        .filter(l -> l.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "invalid-parameter",
                    "图层 layer 只能是 red_line（工业用地红线）或 industrial（宗地）"
                        + "（layer must be red_line or industrial）",
                    Map.of("layers", java.util.List.of("red_line", "industrial"))));
  }

  private static By by(String id) {
    return Arrays.stream(By.values())
        .filter(b -> b.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "invalid-parameter",
                    "统计单元 by 只能是 district（区）或 cluster（工业集聚区）" + "（by must be district or cluster）",
                    Map.of("by", java.util.List.of("district", "cluster"))));
  }
}
