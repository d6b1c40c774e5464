package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Screenshots of admin consoles, drawn rather than captured: a browser
// bar, the console's header, and the panel the auditor asked to see.

var (
	white    = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink      = color.RGBA{0x1d, 0x23, 0x2b, 0xff}
	muted    = color.RGBA{0x5f, 0x6b, 0x7a, 0xff}
	rule     = color.RGBA{0xdc, 0xe1, 0xe7, 0xff}
	chrome   = color.RGBA{0xe8, 0xea, 0xed, 0xff}
	urlBar   = color.RGBA{0xff, 0xff, 0xff, 0xff}
	green    = color.RGBA{0x1e, 0x7f, 0x3c, 0xff}
	red      = color.RGBA{0xc0, 0x2b, 0x2b, 0xff}
	stripe   = color.RGBA{0xf6, 0xf8, 0xfa, 0xff}
	oktaBlue = color.RGBA{0x00, 0x29, 0x7a, 0xff}
	awsNavy  = color.RGBA{0x23, 0x2f, 0x3e, 0xff}
)

// canvas is a screenshot being drawn.
type canvas struct {
	img          *image.RGBA
	regular      font.Face
	bold         font.Face
	small, large font.Face
}

func newCanvas(w, h int) (*canvas, error) {
	face := func(ttf []byte, size float64) (font.Face, error) {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, err
		}
		return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	}
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h))}
	var err error
	if c.regular, err = face(goregular.TTF, 14); err != nil {
		return nil, err
	}
	if c.bold, err = face(gobold.TTF, 14); err != nil {
		return nil, err
	}
	if c.small, err = face(goregular.TTF, 12); err != nil {
		return nil, err
	}
	if c.large, err = face(gobold.TTF, 22); err != nil {
		return nil, err
	}
	draw.Draw(c.img, c.img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	return c, nil
}

func (c *canvas) rect(x0, y0, x1, y1 int, col color.Color) {
	draw.Draw(c.img, image.Rect(x0, y0, x1, y1), image.NewUniform(col), image.Point{}, draw.Src)
}

// text draws s with its baseline at y.
func (c *canvas) text(x, y int, face font.Face, col color.Color, s string) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// browser draws the window's tab strip and address bar; it returns the y
// below them.
func (c *canvas) browser(tab, url string) int {
	w := c.img.Bounds().Dx()
	c.rect(0, 0, w, 76, chrome)
	c.rect(12, 8, 300, 36, white)
	c.text(24, 27, c.small, ink, tab)
	c.rect(12, 42, w-12, 68, urlBar)
	c.text(24, 60, c.small, muted, url)
	return 76
}

// table draws rows of cells at the given column offsets; the first row is
// the header. It returns the y below the table.
func (c *canvas) table(x, y, width int, cols []int, rows [][]string, colour func(row, col int) color.Color) int {
	const h = 30
	for i, r := range rows {
		switch {
		case i == 0:
			c.rect(x, y, x+width, y+h, chrome)
		case i%2 == 0:
			c.rect(x, y, x+width, y+h, stripe)
		}
		for j, cell := range r {
			face, col := c.regular, color.Color(ink)
			if i == 0 {
				face = c.bold
			} else if colour != nil {
				if k := colour(i, j); k != nil {
					col, face = k, c.bold
				}
			}
			c.text(x+cols[j]+10, y+20, face, col, cell)
		}
		c.rect(x, y+h-1, x+width, y+h, rule)
		y += h
	}
	return y
}

func (c *canvas) png() ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, c.img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// oktaMFAScreen is the Okta authentication policy requiring MFA of every user.
func oktaMFAScreen() ([]byte, error) {
	c, err := newCanvas(1100, 600)
	if err != nil {
		return nil, err
	}
	y := c.browser("Authentication Policies | Okta", "https://acmeholdings-admin.okta.com/admin/authn/authentication-policies")
	c.rect(0, y, 1100, y+52, oktaBlue)
	c.text(24, y+34, c.large, white, "okta")
	c.text(110, y+32, c.regular, white, "Security  >  Authentication Policies  >  Acme - All employees (MFA)")
	y += 80
	c.text(32, y, c.large, ink, "Acme - All employees (MFA)")
	c.text(32, y+26, c.regular, muted, "Applies to: all apps assigned to the Everyone group (34 apps)")
	c.text(880, y, c.bold, green, "ACTIVE")
	y += 52
	y = c.table(32, y, 1036, []int{0, 70, 300, 520, 900}, [][]string{
		{"Priority", "Rule", "IF", "THEN", "Status"},
		{"1", "MFA required - all users", "User is member of Everyone", "Possession factor: Okta Verify or FIDO2", "Active"},
		{"2", "Admins: phishing-resistant", "User is member of Okta Admins", "FIDO2 (WebAuthn) security key only", "Active"},
		{"3", "Catch-all rule", "Any request", "Deny access", "Active"},
	}, func(_, col int) color.Color {
		if col == 4 {
			return green
		}
		return nil
	})
	y += 36
	c.text(32, y, c.bold, ink, "Re-authentication")
	c.text(260, y, c.regular, ink, "Every 12 hours; SMS and voice factors disabled for all users")
	c.text(32, y+28, c.bold, ink, "Enforcement")
	c.text(260, y+28, c.regular, ink, "Enforced: Yes. Users without an enrolled possession factor are blocked at sign-in.")
	c.text(32, y+56, c.bold, ink, "Last modified")
	c.text(260, y+56, c.regular, ink, "2026-02-03 09:12 UTC by tbecker@acmeholdings.example")
	c.rect(0, 560, 1100, 600, chrome)
	c.text(24, 585, c.small, muted, "Captured 2026-06-30 10:14 UTC by Tom Becker for PBC-010")
	return c.png()
}

// backupJobsScreen is the AWS Backup job list for the first half of
// December: one failed job, rerun the same day.
func backupJobsScreen() ([]byte, error) {
	c, err := newCanvas(1100, 720)
	if err != nil {
		return nil, err
	}
	y := c.browser("Backup jobs | AWS Backup", "https://us-east-1.console.aws.amazon.com/backup/home?region=us-east-1#/jobs/backup")
	c.rect(0, y, 1100, y+44, awsNavy)
	c.text(24, y+28, c.bold, white, "aws")
	c.text(80, y+28, c.regular, white, "AWS Backup  >  Jobs  >  Backup jobs")
	y += 74
	c.text(32, y, c.large, ink, "Backup jobs (15)")
	c.text(640, y, c.regular, muted, "Filter: last 14 days   |   Account 4417-2093-8861")
	y += 20
	rows := [][]string{{"Job ID", "Resource name", "Status", "Created (UTC)", "Completed (UTC)", "Size"}}
	for i := range 14 {
		d := day("2026-12-01", 2, 0).AddDate(0, 0, i)
		status, done := "Completed", d.Add(time.Duration(17+i%7)*time.Minute).Format("2006-01-02 15:04")
		size := fmt.Sprintf("%.1f GB", 405.2+float64(i)*0.6)
		if i == 8 {
			status, done, size = "Failed", "-", "-"
		}
		rows = append(rows, []string{fmt.Sprintf("5e1f%04x-9c2d", 0x3a10+i), "prod-db-primary", status, d.Format("2006-01-02 15:04"), done, size})
		if i == 8 {
			rows = append(rows, []string{fmt.Sprintf("5e1f%04x-rerun", 0x3a10+i), "prod-db-primary", "Completed", "2026-12-09 08:41", "2026-12-09 09:03", "412.9 GB"})
		}
	}
	y = c.table(32, y, 1036, []int{0, 190, 370, 500, 700, 900}, rows, func(row, col int) color.Color {
		if col != 2 {
			return nil
		}
		if rows[row][2] == "Failed" {
			return red
		}
		return green
	})
	c.text(32, y+28, c.small, muted, "Failed job 2026-12-09: snapshot quota exceeded; quota raised and job rerun by Ines Carvalho (OPS-2291).")
	return c.png()
}

// encryptionScreen is the production database's configuration: storage
// encrypted with a KMS key, TLS required.
func encryptionScreen() ([]byte, error) {
	c, err := newCanvas(1100, 560)
	if err != nil {
		return nil, err
	}
	y := c.browser("prod-db-primary | RDS", "https://us-east-1.console.aws.amazon.com/rds/home?region=us-east-1#database:id=prod-db-primary;tab=configuration")
	c.rect(0, y, 1100, y+44, awsNavy)
	c.text(24, y+28, c.bold, white, "aws")
	c.text(80, y+28, c.regular, white, "RDS  >  Databases  >  prod-db-primary  >  Configuration")
	y += 80
	c.text(32, y, c.large, ink, "prod-db-primary")
	c.text(300, y, c.regular, muted, "PostgreSQL 16.4   db.r6g.2xlarge   Multi-AZ")
	y += 24
	c.table(32, y, 1036, []int{0, 300}, [][]string{
		{"Setting", "Value"},
		{"Encryption", "Enabled"},
		{"AWS KMS key", "arn:aws:kms:us-east-1:441720938861:key/7c0e2b5a-41d9-4f1e-9a3c-2d8f6b1e0c47 (acme-prod-rds)"},
		{"Key rotation", "Automatic, yearly (last rotated 2026-03-02)"},
		{"Storage", "gp3, 2,000 GiB, encrypted"},
		{"Parameter group", "acme-prod-pg16 (rds.force_ssl = 1: TLS required)"},
		{"Certificate authority", "rds-ca-rsa2048-g1 (expires 2061-05-21)"},
		{"Automated backups", "Enabled, 7 days; AWS Backup plan acme-daily-35d"},
		{"Snapshot copy", "us-west-2, encrypted with acme-prod-rds-dr"},
	}, func(row, col int) color.Color {
		if row == 1 && col == 1 {
			return green
		}
		return nil
	})
	c.rect(0, 520, 1100, 560, chrome)
	c.text(24, 545, c.small, muted, "Captured 2026-09-04 15:37 UTC by Kofi Mensah for PBC-015")
	return c.png()
}
