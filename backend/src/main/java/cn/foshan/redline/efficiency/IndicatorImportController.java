package cn.foshan.redline.efficiency;

import cn.foshan.redline.io.ImportSlots;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * IndicatorImports of a year's figures: validated first, committed atomically, or discarded
 * (bureau).
 */
@RestController
@RequestMapping("/api/efficiency/imports")
@Tag(name = "Efficiency")
class IndicatorImportController {

  private final IndicatorImports imports;
  private final ImportSlots slots;

  IndicatorImportController(IndicatorImports imports, ImportSlots slots) {
    this.imports = imports;
    this.slots = slots;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary = "Upload a year's figures per enterprise (bureau): a .csv or an .xlsx",
      description =
          "A .csv (UTF-8) or an Excel workbook (.xlsx: its first sheet) with a header row naming"
              + " the columns credit_code, tax_10k_cny, output_10k_cny, value_added_10k_cny,"
              + " revenue_10k_cny, fixed_asset_investment_10k_cny, energy_tce, emissions_t,"
              + " employees, rd_expense_10k_cny, and optionally electricity_10k_kwh, year and"
              + " parcel_codes"
              + " (';'-separated), and the construction progress of the row's one parcel for idle"
              + " land (闲置土地): developed_area_m2 (已开发面积), invested_10k_cny (已投资额, cumulative),"
              + " works_stopped_on (停工日期, yyyy-mm-dd; blank: not stopped) — a row reporting any of"
              + " them names exactly one parcel, which the commit's progress of the year replaces;"
              + " emissions_t and electricity_10k_kwh may be blank (not reported). Both are read into the same rows and checked by the same rules:"
              + " 201 with the validation report (every bad row with its column and reason);"
              + " nothing is written to the figures until committed. An .xlsx cell reads as Excel"
              + " shows it (numbers in plain notation, 15 significant digits; blank = missing).")
  @ApiResponses({
    @ApiResponse(responseCode = "201", description = "validated: the report"),
    @ApiResponse(
        responseCode = "400",
        description = "empty file",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "403",
        description = "not the bureau",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "413",
        description =
            "the upload, the unpacked workbook (redline.io.max-unzipped) or its shared strings"
                + " are too large",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "415",
        description = "neither .csv nor .xlsx (an Excel 97–2003 .xls included)",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "422",
        description =
            "an .xlsx that is not a workbook, is damaged, or is a hostile zip (unsafe entry"
                + " names, too many entries); nothing is kept",
        content = @Content(mediaType = "application/problem+json"))
  })
  ResponseEntity<IndicatorImports.Report> upload(
      @RequestParam("file") MultipartFile file, @RequestParam("year") int year) {
    if (file.isEmpty()) {
      throw ApiException.badRequest("empty-file", "The file is empty");
    }
    try (ImportSlots.Slot slot = slots.take();
        InputStream in = file.getInputStream()) {
      IndicatorImports.Report report =
          imports.validate(UserAccounts.require(), year, file.getOriginalFilename(), in);
      return ResponseEntity.created(URI.create("/api/efficiency/imports/" + report.id()))
          .body(report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping("/{id}")
  @Operation(summary = "An import's validation report and status")
  IndicatorImports.Report get(@PathVariable long id) {
    return imports.get(id);
  }

  @PostMapping("/{id}/commit")
  @Operation(
      summary =
          "Commit an import (bureau): in one transaction the year's figures go to the history"
              + " (who, when, which import), are replaced by the import's rows, and the year is"
              + " recomputed; 409 when the import has errors or is no longer open")
  IndicatorImports.Report commit(@PathVariable long id) {
    return imports.commit(UserAccounts.require(), id);
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Discard an open import (bureau); 204")
  ResponseEntity<Void> discard(@PathVariable long id) {
    imports.discard(UserAccounts.require(), id);
    return ResponseEntity.noContent().build();
  }
}
