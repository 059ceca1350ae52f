/**
 * Districts 区 (the five real ones, code = admin code 4406xx, each with its red-line minimum) and
 * their 32 towns 镇街. Areas are ellipsoidal. The real districts are loaded into an empty database at
 * start. Offers the {@code district} and {@code town} layers.
 */
package cn.foshan.redline.district;
