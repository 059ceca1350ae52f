/**
 * Village-level industrial parks 村级工业园 and their renovation. A park moves one status at a time, 计划
 * → 拆除 → 建设 → 竣工 → 投产, each move a change set of the editing system (committed by the bureau,
 * proposed by a district officer), with the data its status needs (demolished area before
 * construction; new floor area and plot ratio at completion; enterprises at production); the
 * database refuses any other move and keeps the ledger (day, who, 文号). Annual plans are batches of
 * a district's parks with targets; 以增定改 weighs their land area against the industrial land granted
 * in the district that year. Offers the {@code village_park} layer.
 */
package cn.foshan.redline.renovation;
