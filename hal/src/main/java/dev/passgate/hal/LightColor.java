package dev.passgate.hal;

/** The colours a kiosk status light can show. {@code AMBER} is red and green together on a two-LED light. */
public enum LightColor {
    OFF, GREEN, AMBER, RED
}
