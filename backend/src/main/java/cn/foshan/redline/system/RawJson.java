package cn.foshan.redline.system;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** JSON made elsewhere (mostly by PostGIS: GeoJSON), written into a response as it is. */
public record RawJson(String json) {

  @Override
  @JsonValue
  @JsonRawValue
  public String json() {
    return json == null ? "null" : json;
  }
}
