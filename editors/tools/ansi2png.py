#!/usr/bin/python3
"""Renders a terminal capture with ANSI colours (`tmux capture-pane -e -p`) as a PNG.

    ansi2png.py CAPTURE.txt OUT.png [--font PATH.ttf] [--size 15]

Used by nvim-hover-screenshot.sh for the picture in editors/README.md. Handles what tmux
emits: SGR resets, bold, italic, underline, reverse, the 16 colours, 256-colour and
24-bit colours. Needs Pillow (Debian: python3-pil) and a monospace TrueType font
(Debian: fonts-dejavu-core).
"""
import argparse
import re
import sys

from PIL import Image, ImageDraw, ImageFont

# The 16 base colours (xterm's defaults, a little softened).
BASE16 = [
    (0x1e, 0x1e, 0x1e), (0xcd, 0x31, 0x31), (0x0d, 0xbc, 0x79), (0xe5, 0xe5, 0x10),
    (0x24, 0x72, 0xc8), (0xbc, 0x3f, 0xbc), (0x11, 0xa8, 0xcd), (0xe5, 0xe5, 0xe5),
    (0x66, 0x66, 0x66), (0xf1, 0x4c, 0x4c), (0x23, 0xd1, 0x8b), (0xf5, 0xf5, 0x43),
    (0x3b, 0x8e, 0xea), (0xd6, 0x70, 0xd6), (0x29, 0xb8, 0xdb), (0xff, 0xff, 0xff),
]
DEFAULT_FG = (0xd4, 0xd4, 0xd4)
DEFAULT_BG = (0x14, 0x16, 0x1b)
SGR = re.compile(r'\x1b\[([0-9;:]*)m')
OTHER_ESCAPE = re.compile(r'\x1b\[[0-9;?]*[A-Za-ln-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]')


def color256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.italic = self.underline = self.reverse = False

    def copy(self):
        s = Style()
        s.__dict__.update(self.__dict__)
        return s

    def apply(self, params):
        codes = [int(p) if p else 0 for p in re.split('[;:]', params)] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 3:
                self.italic = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = False
            elif c == 23:
                self.italic = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = BASE16[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASE16[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = BASE16[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASE16[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    col = color256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    col = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    col = None
                if c == 38:
                    self.fg = col
                else:
                    self.bg = col
            i += 1


def parse(text):
    """Lines of (char, style) cells."""
    lines = []
    style = Style()
    for raw in text.split('\n'):
        cells = []
        pos = 0
        raw = OTHER_ESCAPE.sub('', raw)
        for m in SGR.finditer(raw):
            cells.extend((ch, style.copy()) for ch in raw[pos:m.start()])
            style.apply(m.group(1))
            pos = m.end()
        cells.extend((ch, style.copy()) for ch in raw[pos:])
        lines.append(cells)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('capture')
    ap.add_argument('out')
    ap.add_argument('--font', default='/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf')
    ap.add_argument('--bold-font', default='/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf')
    ap.add_argument('--size', type=int, default=15)
    args = ap.parse_args()
    try:
        font = ImageFont.truetype(args.font, args.size)
        bold = ImageFont.truetype(args.bold_font, args.size)
    except OSError as e:
        sys.exit(f'ansi2png: cannot load a font: {e}')
    with open(args.capture, encoding='utf-8', errors='replace') as f:
        lines = parse(f.read())
    left, top, right, bottom = font.getbbox('M')
    cw = round(font.getlength('M'))
    ch = round(args.size * 1.35)
    cols = max((len(l) for l in lines), default=1)
    pad = 12
    img = Image.new('RGB', (cols * cw + 2 * pad, len(lines) * ch + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(img)
    for y, cells in enumerate(lines):
        for x, (c, s) in enumerate(cells):
            fg, bg = s.fg or DEFAULT_FG, s.bg
            if s.reverse:
                fg, bg = (bg or DEFAULT_BG), fg
            px, py = pad + x * cw, pad + y * ch
            if bg:
                draw.rectangle([px, py, px + cw - 1, py + ch - 1], fill=bg)
            if c != ' ':
                draw.text((px, py + (ch - (bottom - top)) // 2 - top), c, font=bold if s.bold else font, fill=fg)
            if s.underline:
                draw.line([px, py + ch - 2, px + cw - 1, py + ch - 2], fill=fg)
    img.save(args.out)


if __name__ == '__main__':
    main()
