/**
 * Land parcels 宗地: granted industrial land with its enterprises (an enterprise may hold several
 * parcels, a parcel several enterprises with floor-area shares), milestones and supervision
 * agreement. Offers the {@code parcel} layer.
 */
package cn.foshan.redline.parcel;
