package cn.foshan.redline.redline;

/**
 * A district's red line before and after a change set (ellipsoidal km², the change also in mu), its
 * minimum and the margin left: what every preview, of a map edit or of a file import, shows.
 */
record DistrictFigures(
    String code,
    String name,
    String nameEn,
    double beforeKm2,
    double afterKm2,
    double deltaKm2,
    double deltaMu,
    double minimumKm2,
    double marginKm2) {}
