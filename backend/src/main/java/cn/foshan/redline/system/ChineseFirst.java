package cn.foshan.redline.system;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Every problem a person reads is Chinese first. Most refusals are written that way where they are
 * raised ("没有宗地 P1（there is no such parcel）"); a refusal whose detail holds no Chinese (a
 * parameter's rule written for the programmers of GIS clients, a message built from a library's)
 * gets the Chinese sentence of its kind in front, its own text after it in brackets: "参数不对（limit
 * must be 1 to 1000 …）". One table for the whole service, by problem type; a type not in it gets
 * the sentence of its status.
 */
final class ChineseFirst {

  private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

  /** The Chinese sentence of each problem type whose detail may come without Chinese. */
  static final Map<String, String> LEADS =
      Map.ofEntries(
          Map.entry("bbox-required", "请给出地图范围 bbox"),
          Map.entry("choose-layer", "文件中有多个图层，请选择一个"),
          Map.entry("coordinates-too-large", "坐标点过多"),
          Map.entry("duplicate", "已有相同的记录"),
          Map.entry("empty-file", "文件是空的"),
          Map.entry("file-too-large", "文件过大"),
          Map.entry("gdal-timeout", "文件处理超时"),
          Map.entry("import-closed", "这次导入已结束，请重新导入文件"),
          Map.entry("import-has-errors", "这次导入有错误行，请改正文件后重新导入"),
          Map.entry("invalid-bbox", "地图范围 bbox 不对"),
          Map.entry("invalid-coordinates", "坐标不对"),
          Map.entry("invalid-datetime", "时间 datetime 不对"),
          Map.entry("invalid-edit", "编辑内容不完整或不对"),
          Map.entry("invalid-feature", "要素内容不对"),
          Map.entry("invalid-filter", "筛选条件不对"),
          Map.entry("invalid-format", "不支持的格式"),
          Map.entry("invalid-geometry", "图形无效"),
          Map.entry("invalid-mapping", "字段对应关系不对"),
          Map.entry("invalid-merge", "合并需要两个或更多要素及各自的版本号"),
          Map.entry("invalid-model", "评价模型不对"),
          Map.entry("invalid-parameter", "参数不对"),
          Map.entry("invalid-polygon", "所画范围不对"),
          Map.entry("invalid-properties", "属性应为 JSON 对象"),
          Map.entry("invalid-stage", "阶段不对"),
          Map.entry("invalid-shares", "各区储备份额不对"),
          Map.entry("invalid-threshold", "预警阈值不对"),
          Map.entry("invalid-tile", "没有这个瓦片"),
          Map.entry("invalid-year", "年份不对"),
          Map.entry("login-required", "请先登录"),
          Map.entry("malformed-attachment", "附件已损坏或内容与格式不符"),
          Map.entry("no-indicators", "还没有指标数据：请先导入一年的数据"),
          Map.entry("not-acceptable", "只能返回 JSON 或 HTML"),
          Map.entry("not-editable", "此图层只读，不能编辑"),
          Map.entry("not-polygons", "文件中有非面状要素"),
          Map.entry("nothing-changed", "没有要导入的修改"),
          Map.entry("rule-violation", "违反规则"),
          Map.entry("stale-version", "数据已被他人修改，请重新载入后再改"),
          Map.entry("too-many-downloads", "同时下载的人太多，请几秒后再试"),
          Map.entry("transition-refused", "状态变更未被接受"),
          Map.entry("unknown-change-set", "没有这个变更集"),
          Map.entry("unknown-collection", "没有这个图层集合"),
          Map.entry("unknown-crs", "无法确定坐标系"),
          Map.entry("unknown-district", "没有这个区"),
          Map.entry("unknown-factory", "没有这栋厂房"),
          Map.entry("unknown-feature", "没有这个要素"),
          Map.entry("unknown-import", "没有这次导入"),
          Map.entry("unknown-indicator", "没有这个指标"),
          Map.entry("unknown-layer", "没有这个图层"),
          Map.entry("unknown-model", "没有这个评价模型"),
          Map.entry("unknown-parameter", "不认识的参数"),
          Map.entry("unknown-plan", "没有这个年度计划"),
          Map.entry("unknown-property", "没有这个属性"),
          Map.entry("unknown-reserve-land", "没有这块储备用地"),
          Map.entry("unknown-unit", "没有这个单元"),
          Map.entry("unknown-version", "没有这个版本"),
          Map.entry("unreadable-file", "文件无法读取"),
          Map.entry("unsafe-zip", "压缩包不安全"),
          Map.entry("unsupported-attachment", "不支持的附件类型（只收 PDF、JPEG、PNG）"),
          Map.entry("unsupported-crs", "不支持的坐标系"),
          Map.entry("unsupported-encoding", "不支持的字符编码"),
          Map.entry("unsupported-file", "不支持的文件类型"),
          Map.entry("unsupported-format", "不支持的文件格式"),
          Map.entry("version-required", "请带上所读数据的版本号（If-Match）"),
          Map.entry("wrong-state", "当前状态下不能这样做"),
          Map.entry("xlsx-too-large", "表格过大"),
          Map.entry("zip-too-many-entries", "压缩包内文件过多"),
          Map.entry("zoom-in", "范围内宗地过多，请放大地图"));

  private ChineseFirst() {}

  /** The detail, Chinese first: as it is when it holds Chinese, else behind its kind's sentence. */
  static String detail(HttpStatus status, String slug, String detail) {
    if (detail == null || detail.isBlank()) {
      return lead(status, slug);
    }
    if (HAN.matcher(detail).find()) {
      return detail;
    }
    return lead(status, slug) + "（" + detail + "）";
  }

  private static String lead(HttpStatus status, String slug) {
    String lead = LEADS.get(slug);
    if (lead != null) {
      return lead;
    }
    return switch (status) {
      case BAD_REQUEST -> "请求有误";
      case UNAUTHORIZED -> "请先登录";
      case FORBIDDEN -> "没有权限";
      case NOT_FOUND -> "没有找到";
      case CONFLICT -> "与当前状态冲突";
      case PRECONDITION_FAILED -> "数据已被他人修改，请重新载入";
      case CONTENT_TOO_LARGE -> "内容过大";
      case UNPROCESSABLE_CONTENT -> "无法按此处理";
      case SERVICE_UNAVAILABLE -> "服务繁忙，请稍后再试";
      default -> status.is4xxClientError() ? "请求未被接受" : "服务出错";
    };
  }
}
