#!/usr/bin/env bash
# Makes passgate's default clip pack: 16 kHz, mono, 16-bit PCM WAV files under
# hal/src/main/resources/dev/passgate/hal/audio/{ko,en}/ plus the shared chime.wav. Run by hand when a clip changes
# (needs espeak-ng and sox); the output is committed, so builds and CI never need either tool.
set -euo pipefail
cd "$(dirname "$0")"
out=../main/resources/dev/passgate/hal/audio
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# voice LANG NAME TEXT: espeak-ng speaks the text; sox resamples, trims silence, normalises to -3 dBFS.
voice() {
  espeak-ng -v "$1" -s 150 -w "$tmp/raw.wav" "$3"
  sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 -e signed-integer "$out/$1/$2.wav" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -3 pad 0.05 0.1
}

voice ko valid "접종완료자입니다"
voice ko not_yet_valid "아직 유효하지 않은 증명서입니다"
voice ko invalid "유효하지 않은 증명서입니다"
voice ko stale "화면을 새로고침한 뒤 다시 찍어 주세요"
voice ko check_id "신분증을 확인해 주세요"
voice ko see_staff "직원에게 문의해 주세요"

voice en valid "Fully vaccinated. Welcome."
voice en not_yet_valid "This pass is not valid yet."
voice en invalid "This pass is not valid."
voice en stale "Please refresh your code and scan again."
voice en check_id "Please show your ID."
voice en see_staff "Please see a staff member."

# The expired chime: "ding-dong", E5 then C5, each a sine with its octave, struck and decaying.
note() {
  sox -n -r 16000 -c 1 -b 16 -e signed-integer "$tmp/$1.wav" synth 0.75 sine "$2" sine "$(echo "$2 * 2" | bc -l)" \
    remix 1,2 fade l 0.005 0.75 0.7 norm -6
}
note ding 659.25
note dong 523.25
sox "$tmp/ding.wav" "$tmp/dong.wav" "$out/chime.wav" norm -3
