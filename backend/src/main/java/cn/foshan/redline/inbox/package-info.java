/**
 * The inbox 消息: what the bureau decided about a district officer's proposals (approved or rejected,
 * by whom, why). The database writes the messages itself when a change set's review status changes
 * (V48), whoever reviews and however; each account reads and marks read only its own.
 */
package cn.foshan.redline.inbox;
