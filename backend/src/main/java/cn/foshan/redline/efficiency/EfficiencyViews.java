package cn.foshan.redline.efficiency;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.maps.SqlView;
import cn.foshan.redline.system.SqlFiles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The per-mu efficiency and the compliance check of parcels by year, offered as read-only feature
 * views (OGC API – Features collections) to logged-in users only: they hold enterprises' taxes.
 * Each feature is one parcel in one year (key {@code <year>-<parcel id>}); {@code datetime} selects
 * the years. They are not map layers: a tile has no year, and the planner's page draws its own
 * choropleth ({@code /api/efficiency/map}).
 */
@Configuration(proxyBeanMethods = false)
class EfficiencyViews {

  @Bean
  FeatureSource parcelEfficiency() {
    return SqlView.of(
            "efficiency",
            "parcel_efficiency",
            "宗地亩均效益",
            "Parcel efficiency by year",
            "Per parcel and year: its enterprises' figures allocated to it (万元; by mu × floor-area"
                + " share, each enterprise counted once), the per-mu indicators (万元/亩), the grade"
                + " under the year's active grading model and the year's breaches. Aggregate as"
                + " ratios of sums (Σ tax ÷ Σ areaMu), never as means of the per-mu values.")
        .keyedByText()
        .forLoggedInUsers()
        .perYear("year", SqlFiles.load("efficiency/select_efficiency_years.sql"))
        .filterableBy(
            Queryable.of("year", "年度 year", Queryable.Type.INTEGER, "year"),
            Queryable.of("parcelId", "宗地 parcel id", Queryable.Type.INTEGER, "parcel_id"),
            Queryable.of("code", "宗地编号 parcel code", Queryable.Type.TEXT, "code"),
            Queryable.of("district", "区 district code", Queryable.Type.CODE, "district_code"),
            Queryable.of("town", "镇街 town code", Queryable.Type.CODE, "town_code"),
            Queryable.of("clusterId", "工业集聚区 cluster id", Queryable.Type.INTEGER, "cluster_id"),
            Queryable.of(
                "industry", "主导行业 main industry code", Queryable.Type.TEXT, "industry_code"),
            Queryable.of("areaMu", "面积 area, mu (ellipsoidal)", Queryable.Type.NUMBER, "area_mu"),
            Queryable.of(
                "enterprises", "企业数 reporting enterprises", Queryable.Type.INTEGER, "enterprises"),
            Queryable.of("tax", "税收 tax, 万元", Queryable.Type.NUMBER, "tax"),
            Queryable.of("output", "工业总产值 output, 万元", Queryable.Type.NUMBER, "output"),
            Queryable.of("taxPerMu", "亩均税收 tax per mu, 万元/亩", Queryable.Type.NUMBER, "tax_per_mu"),
            Queryable.of(
                "outputPerMu",
                "亩均工业总产值 output per mu, 万元/亩",
                Queryable.Type.NUMBER,
                "output_per_mu"),
            Queryable.of(
                "valueAddedPerMu",
                "亩均增加值 value added per mu, 万元/亩",
                Queryable.Type.NUMBER,
                "value_added_per_mu"),
            Queryable.of(
                "investmentPerMu",
                "固定资产投资强度 investment per mu, 万元/亩",
                Queryable.Type.NUMBER,
                "investment_per_mu"),
            Queryable.of(
                "valueAddedPerEnergy",
                "单位能耗增加值 value added per tce, 万元/tce",
                Queryable.Type.NUMBER,
                "value_added_per_energy"),
            Queryable.of(
                "labourProductivity",
                "全员劳动生产率 value added per employee, 万元",
                Queryable.Type.NUMBER,
                "labour_productivity"),
            Queryable.of("rdShare", "研发经费占比 R&D ÷ revenue", Queryable.Type.NUMBER, "rd_share"),
            Queryable.of("grade", "评价等级 grade A–D (active model)", Queryable.Type.CODE, "grade"),
            Queryable.of("score", "评价得分 score (active model)", Queryable.Type.NUMBER, "score"));
  }

  @Bean
  FeatureSource parcelBreach() {
    return SqlView.of(
            "efficiency",
            "parcel_breach",
            "履约核查",
            "Compliance check by year",
            "Per parcel and year with anything to report: its supervision agreement's targets and"
                + " due dates against what was done by the check day (the year's end, or today"
                + " for the current year): kinds of breach, days late, shortfalls (万元/亩).")
        .keyedByText()
        .forLoggedInUsers()
        .perYear("year", SqlFiles.load("efficiency/select_breach_years.sql"))
        .filterableBy(
            Queryable.of("year", "年度 year", Queryable.Type.INTEGER, "year"),
            Queryable.of("parcelId", "宗地 parcel id", Queryable.Type.INTEGER, "parcel_id"),
            Queryable.of("code", "宗地编号 parcel code", Queryable.Type.TEXT, "code"),
            Queryable.of("district", "区 district code", Queryable.Type.CODE, "district_code"),
            Queryable.of("clusterId", "工业集聚区 cluster id", Queryable.Type.INTEGER, "cluster_id"),
            Queryable.of(
                "agreementId", "监管协议 agreement id", Queryable.Type.INTEGER, "agreement_id"),
            Queryable.of(
                "contractNumber", "出让合同编号 contract number", Queryable.Type.TEXT, "contract_number"),
            Queryable.of("checkedOn", "核查日 checked on", Queryable.Type.DATE, "checked_on"),
            Queryable.of(
                "daysLateStart",
                "动工逾期天数 days late: start of works",
                Queryable.Type.INTEGER,
                "days_late_start"),
            Queryable.of(
                "daysLateCompletion",
                "竣工逾期天数 days late: completion",
                Queryable.Type.INTEGER,
                "days_late_completion"),
            Queryable.of(
                "daysLateProduction",
                "投产逾期天数 days late: start of production",
                Queryable.Type.INTEGER,
                "days_late_production"),
            Queryable.of("lateStart", "动工逾期 LATE_START", Queryable.Type.BOOLEAN, "late_start"),
            Queryable.of(
                "lateCompletion",
                "竣工逾期 LATE_COMPLETION",
                Queryable.Type.BOOLEAN,
                "late_completion"),
            Queryable.of(
                "lateProduction",
                "投产逾期 LATE_PRODUCTION",
                Queryable.Type.BOOLEAN,
                "late_production"),
            Queryable.of("idle", "闲置 IDLE", Queryable.Type.BOOLEAN, "idle"),
            Queryable.of(
                "shortfallTax", "税收未达标 SHORTFALL_TAX", Queryable.Type.BOOLEAN, "shortfall_tax"),
            Queryable.of(
                "shortfallOutput",
                "产值未达标 SHORTFALL_OUTPUT",
                Queryable.Type.BOOLEAN,
                "shortfall_output"),
            Queryable.of(
                "shortfallInvestment",
                "投资未达标 SHORTFALL_INVESTMENT",
                Queryable.Type.BOOLEAN,
                "shortfall_investment"),
            Queryable.of(
                "missingData", "数据缺失 MISSING_DATA", Queryable.Type.BOOLEAN, "missing_data"),
            Queryable.of(
                "taxPerMuShortfall",
                "亩均税收差额 tax per mu short of the target, 万元/亩",
                Queryable.Type.NUMBER,
                "tax_per_mu_shortfall"),
            Queryable.of(
                "outputPerMuShortfall",
                "亩均产值差额 output per mu short of the target, 万元/亩",
                Queryable.Type.NUMBER,
                "output_per_mu_shortfall"),
            Queryable.of(
                "investmentPerMuShortfall",
                "投资强度差额 investment per mu short of the target, 万元/亩",
                Queryable.Type.NUMBER,
                "investment_per_mu_shortfall"));
  }
}
