package cn.foshan.redline.io;

import cn.foshan.redline.editing.BulkEdits;
import cn.foshan.redline.security.UserAccounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Imports of survey files into an editable layer: upload (staged, previewed), the preview, a new
 * attribute mapping, commit as one change set (proposal for a district officer), or discard.
 */
@RestController
@RequestMapping("/api/imports")
@Tag(
    name = "Import",
    description =
        "Survey files into a layer: staged and previewed, then committed as one change set")
class ImportController {

  private final Imports imports;
  private final ImportSlots slots;

  ImportController(Imports imports, ImportSlots slots) {
    this.imports = imports;
    this.slots = slots;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary =
          "Stage a file (zipped Shapefile, GeoPackage, GeoJSON, KML, CSV or XLSX with a WKT"
              + " column) for a layer; answers the preview (201)",
      description =
          "The CRS comes from the file (.prj, GeoPackage metadata; GeoJSON and KML are"
              + " longitude/latitude) or from crs=, never guessed. A Shapefile's or CSV's"
              + " encoding comes from encoding=, a .cpg, the .dbf's language driver id, or its"
              + " bytes (UTF-8 or GBK); when they allow both or neither: 422"
              + " /problems/encoding-required. Bureau, admin, or a district officer for their"
              + " own district (the import becomes a proposal). A feature whose code names one"
              + " of the layer's updates it, unless it is as the layer has it (the same shape to"
              + " 0.1 mm and the same values): then it is left out, counted in the preview's"
              + " unchanged, and gets no new version; a file that changes nothing is 409"
              + " /problems/nothing-changed at commit. A file holding several layers"
              + " (GeoPackage) is read one layer at a time: name it with fileLayer. With"
              + " commit=true the file is committed (bureau: 201, its change set's result) or"
              + " proposed (district officer: 202) at once, without a preview first, its edits"
              + " applied once: all or nothing, a refusal (400/403/412/422, the rules broken as a"
              + " preview lists them) keeps nothing of it.")
  @ApiResponses({
    @ApiResponse(
        responseCode = "201",
        description =
            "staged: the import and its preview; with commit=true, committed: the change set's"
                + " result",
        content =
            @Content(
                mediaType = "application/json",
                schema = @Schema(oneOf = {Imports.ImportView.class, BulkEdits.Preview.class}))),
    @ApiResponse(
        responseCode = "202",
        description = "with commit=true, a district officer's: proposed, the change set's result",
        content =
            @Content(
                mediaType = "application/json",
                schema = @Schema(implementation = BulkEdits.Preview.class))),
    @ApiResponse(
        responseCode = "422",
        description =
            "the file, its CRS, encoding or shapes; with commit=true also its mapping and the"
                + " rules: nothing is kept",
        content = @Content(mediaType = "application/problem+json"))
  })
  ResponseEntity<?> stage(
      @RequestParam("file") MultipartFile file,
      @Parameter(description = "cluster, red_line, reserve_land, village_park or parcel")
          @RequestParam
          String layer,
      @Parameter(
              description =
                  "the layer of the file to import, for a file holding several (a GeoPackage);"
                      + " without it such a file is refused (422) with the names of its layers")
          @RequestParam(required = false)
          String fileLayer,
      @Parameter(
              description =
                  "EPSG:4490, EPSG:4326, EPSG:4547 or EPSG:4546, when the file"
                      + " does not say or says wrong")
          @RequestParam(required = false)
          String crs,
      @Parameter(description = "UTF-8, GBK, GB18030, BIG5 or ISO-8859-1 (Shapefile, CSV)")
          @RequestParam(required = false)
          String encoding,
      @Parameter(description = "why (the change set's reason); by default the file's name")
          @RequestParam(required = false)
          String reason,
      @Parameter(description = "文号, the document the change follows")
          @RequestParam(required = false)
          String documentNumber,
      @Parameter(description = "accept the repairs of the file's invalid shapes (shown otherwise)")
          @RequestParam(defaultValue = "false")
          boolean repairInvalid,
      @Parameter(
              description =
                  "commit (propose) at once, without a preview first; the fields mapped by"
                      + " their names")
          @RequestParam(defaultValue = "false")
          boolean commit)
      throws IOException {
    var user = UserAccounts.require();
    try (ImportSlots.Slot slot = slots.take();
        InputStream in = file.getInputStream()) {
      Imports.Upload upload =
          new Imports.Upload(
              in,
              file.getOriginalFilename(),
              file.getSize(),
              layer,
              fileLayer,
              crs,
              encoding,
              reason,
              documentNumber,
              repairInvalid);
      if (commit) {
        Imports.Committed done = imports.stageAndCommit(user, upload);
        return ResponseEntity.status(
                done.result().status().equals("COMMITTED")
                    ? HttpStatus.CREATED
                    : HttpStatus.ACCEPTED)
            .location(URI.create("/api/imports/" + done.id()))
            .body(done.result());
      }
      Imports.ImportView view = imports.stage(user, upload);
      return ResponseEntity.created(URI.create("/api/imports/" + view.id())).body(view);
    }
  }

  @GetMapping("/{id}")
  @Operation(
      summary =
          "The preview of an import: features, extent, invalid shapes and their repairs,"
              + " attribute mapping, overlaps and the rules' verdict, red-line effect")
  Imports.ImportView get(@PathVariable long id) {
    return imports.get(UserAccounts.require(), id);
  }

  @PostMapping("/{id}/mapping")
  @Operation(
      summary =
          "Change the attribute mapping ({fields: {layerField: {from, defaultValue}},"
              + " repairInvalid}); answers the new preview")
  Imports.ImportView remap(@PathVariable long id, @RequestBody Imports.MappingRequest request) {
    return imports.remap(UserAccounts.require(), id, request);
  }

  @PostMapping("/{id}/commit")
  @Operation(
      summary =
          "Commit the import as one change set (bureau), or propose it (district officer, 202)")
  ResponseEntity<BulkEdits.Preview> commit(@PathVariable long id) {
    BulkEdits.Preview result = imports.commit(UserAccounts.require(), id);
    return ResponseEntity.status(
            result.status().equals("COMMITTED") ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .body(result);
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Discard a staged import: its staging tables and its draft change set")
  ResponseEntity<Void> discard(@PathVariable long id) {
    imports.discard(UserAccounts.require(), id);
    return ResponseEntity.noContent().build();
  }
}
