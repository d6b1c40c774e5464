package extract

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/gif" // register decoders for DecodeConfig and Decode
	_ "image/jpeg"
	"image/png"
	"os/exec"
	"strings"
	"time"

	"golang.org/x/image/draw"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

// thumbSize is the largest side of a thumbnail.
const thumbSize = 256

// maxThumbPixels bounds the images decoded for a thumbnail, against
// decompression bombs.
const maxThumbPixels = 40_000_000

var imageMIME = map[string]string{
	"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "tiff": "image/tiff",
	"webp": "image/webp", "bmp": "image/bmp",
}

// extractImage records format, size and EXIF date, makes a PNG thumbnail and,
// when a tesseract binary is configured, OCRs the image.
func extractImage(j *job) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(j.data))
	if err != nil {
		j.fail("cannot read image: %s", err.Error())
		return
	}
	if m := imageMIME[format]; m != "" {
		j.res.MIME = m
	}
	j.meta("format", format)
	j.meta("width", itoa(cfg.Width))
	j.meta("height", itoa(cfg.Height))
	if t, ok := exifDate(j.data); ok {
		j.res.AsOf, j.res.AsOfField = t, "exif date"
	}
	if int64(cfg.Width)*int64(cfg.Height) <= maxThumbPixels && cfg.Width > 0 && cfg.Height > 0 {
		if th, err := thumbnail(j.data); err == nil {
			j.res.Thumbnail = th
		} else {
			j.meta("thumbnail_error", err.Error())
		}
	} else {
		j.meta("thumbnail_error", "image too large for a thumbnail")
	}
	if j.opt.Tesseract == "" {
		j.meta("ocr", "off")
		return
	}
	j.ocr()
}

// thumbnail scales an image to fit thumbSize and encodes it as PNG.
func thumbnail(data []byte) ([]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > thumbSize || h > thumbSize {
		if w >= h {
			w, h = thumbSize, max(1, h*thumbSize/w)
		} else {
			w, h = max(1, w*thumbSize/h), thumbSize
		}
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ocr runs tesseract with the image on standard input and its text on
// standard output; no temporary file is written.
func (j *job) ocr() {
	cmd := exec.CommandContext(j.ctx, j.opt.Tesseract, "stdin", "stdout")
	cmd.Stdin = bytes.NewReader(j.data)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		if j.ctx.Err() != nil {
			j.interrupted()
			return
		}
		msg := strings.TrimSpace(firstLines(errOut.String(), 1))
		if msg == "" {
			msg = err.Error()
		}
		j.meta("ocr", "failed: "+msg)
		return
	}
	j.meta("ocr", "tesseract")
	s, _ := decodeText(out.Bytes())
	j.lines(s)
}

// exifDate finds DateTimeOriginal (else DateTime) in the EXIF of a JPEG or
// in a TIFF file.
func exifDate(data []byte) (time.Time, bool) {
	tiff := data
	if bytes.HasPrefix(data, []byte{0xFF, 0xD8}) {
		tiff = nil
		for off := 2; off+4 <= len(data); {
			if data[off] != 0xFF {
				return time.Time{}, false
			}
			marker := data[off+1]
			if marker == 0xD9 || marker == 0xDA {
				return time.Time{}, false
			}
			n := int(binary.BigEndian.Uint16(data[off+2:]))
			if n < 2 || off+2+n > len(data) {
				return time.Time{}, false
			}
			seg := data[off+4 : off+2+n]
			if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
				tiff = seg[6:]
				break
			}
			off += 2 + n
		}
	}
	if len(tiff) < 8 {
		return time.Time{}, false
	}
	var bo binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return time.Time{}, false
	}
	// ifd returns the ASCII values of the wanted tags and the EXIF sub-IFD offset.
	ifd := func(off uint32) (map[uint16]string, uint32) {
		vals := map[uint16]string{}
		var sub uint32
		if int(off)+2 > len(tiff) {
			return vals, 0
		}
		n := int(bo.Uint16(tiff[off:]))
		for i := 0; i < n && i < 1000; i++ {
			e := int(off) + 2 + 12*i
			if e+12 > len(tiff) {
				break
			}
			tag, typ, count := bo.Uint16(tiff[e:]), bo.Uint16(tiff[e+2:]), bo.Uint32(tiff[e+4:])
			switch {
			case tag == 0x8769:
				sub = bo.Uint32(tiff[e+8:])
			case (tag == 0x9003 || tag == 0x0132) && typ == 2 && count >= 19 && count < 64:
				p := bo.Uint32(tiff[e+8:])
				if int(p)+int(count) <= len(tiff) {
					vals[tag] = strings.TrimRight(string(tiff[p:int(p)+int(count)]), "\x00 ")
				}
			}
		}
		return vals, sub
	}
	vals, sub := ifd(bo.Uint32(tiff[4:]))
	if sub != 0 {
		subVals, _ := ifd(sub)
		if v, ok := subVals[0x9003]; ok {
			vals[0x9003] = v
		}
	}
	for _, tag := range []uint16{0x9003, 0x0132} {
		if t, err := time.Parse("2006:01:02 15:04:05", vals[tag]); err == nil && t.Year() > 1900 {
			return t, true
		}
	}
	return time.Time{}, false
}
