/**
 * Per-mu efficiency 亩均效益: indicators, compliance checks of supervision agreements, grades and
 * indicator imports. An enterprise's yearly figures are allocated to its parcels in proportion to
 * (parcel mu × its floor-area share there), so the parcels of an enterprise add up to it and a
 * shared parcel (商品厂房) sums its holders, each enterprise counted once; an enterprise's land is Σ mu
 * × share, a parcel's the whole parcel (vacant floor counts against it). Every aggregate (town,
 * district, cluster, industry, city) is a ratio of sums. All of it is computed in SQL per year and
 * materialised (V7), recomputed after an import or a new grading model; grades are stored with the
 * model version that gave them, and models are never changed, only superseded. The parcels' figures
 * and compliance checks are also read-only feature views by year for OGC API, to logged-in users
 * only (enterprises' taxes are not public). What follows the grading (V32): a model's grades are
 * published for a period, objections recorded and decided, the final list frozen; C and D firms of
 * it get improvement and exit cases; the differentiated-policy lists are read from it
 * (GradePublicationController, GradeCaseController).
 */
package cn.foshan.redline.efficiency;
