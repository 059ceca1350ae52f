/**
 * Reserve land 储备用地: contiguous state land readied as standard land (标准地); pieces move ACQUIRED →
 * PREPARING → READY → SUPPLIED → STARTED one stage at a time (READY may go back to PREPARING), and
 * only READY pieces count towards the rolling reserve of 17,000 mu. Every transition is a change
 * set of the editing system; the database keeps the order, writes the ledger (专项台账) and, on supply,
 * the new parcel's supervision agreement. Pieces are kept for major industrial projects (重大产业项目),
 * one project per piece at a time, of the project's district; a piece supplied while kept stays
 * with its project. Offers the {@code reserve_land} layer.
 */
package cn.foshan.redline.reserve;
