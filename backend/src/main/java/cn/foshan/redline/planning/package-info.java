/**
 * Planning zones 国土空间规划分区: the use zones of the territorial spatial plan, imported like any survey
 * file and edited through change sets, kept with their history. Where a district's zones are
 * loaded, reserve land READY to build on must lie in industrial zones (工业发展区): the database's rule
 * {@code check_zoning} (V23) holds every writer to it. Offers the {@code planning_zone} layer.
 *
 * <p>The layer is also the worked example of adding one (docs/architecture.md, "Adding a layer"):
 * this package, its SQL in {@code sql/planning/} and one migration, nothing else.
 */
package cn.foshan.redline.planning;
