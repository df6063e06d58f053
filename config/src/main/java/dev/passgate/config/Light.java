package dev.passgate.config;

/** The colour the status light shows for a verdict; written in lower case in the file ({@code "green"}). */
public enum Light {
    OFF, GREEN, AMBER, RED
}
