/**
 * Village-level industrial parks 村级工业园 and their renovation. A park moves one status at a time
 * along the path of its renovation type (全面改造: 计划 → 拆除 → 建设 → 竣工 → 投产; 微改造: 计划 → 改造施工 → 竣工 → 投产;
 * 综合整治: 计划 → 整治施工 → 竣工), each move a change set of the editing system (committed by the bureau,
 * proposed by a district officer), with the data its status needs (type, year and target use to be
 * planned; demolished area before a full renovation's construction; new floor area and plot ratio
 * at completion; enterprises at production); the database refuses any other move and keeps the
 * ledger (day, who, 文号). Annual plans are batches of a district's planned parks with targets (a
 * park in a plan cannot go back to NOT_PLANNED); 以增定改 weighs their land and floor space against the
 * industrial land granted in the district that year. Offers the {@code village_park} layer and the
 * paged park list of the renovation page.
 */
package cn.foshan.redline.renovation;
