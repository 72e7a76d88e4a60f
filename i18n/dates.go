package i18n

import (
	"strconv"
	"strings"
	"time"
)

// calendar is what a language needs to write dates and times: CLDR's
// (version 48) wide month names of the format context, the long date
// pattern, the short time pattern, the pattern joining a date and a time,
// and the names of the day periods. English follows en-GB (CLDR's
// international English writes the same date; its time is 12-hour);
// Spanish joins date and time with the standard "{1}, {0}", not the
// "a las" variant (which is wrong before 2 o'clock). Digits are Latin in
// every language (CLDR's default for Arabic since version 46).
type calendar struct {
	months   [12]string
	date     string
	time     string
	dateTime string
	am, pm   string
}

// calendars are indexed like Languages.
var calendars = [...]calendar{
	{months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		date: "d MMMM y", time: "HH:mm", dateTime: "{1} 'at' {0}", am: "am", pm: "pm"},
	{months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		date: "d MMMM y", time: "HH:mm", dateTime: "{1} 'à' {0}", am: "AM", pm: "PM"},
	{months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		date: "d 'de' MMMM 'de' y", time: "H:mm", dateTime: "{1}, {0}", am: "a. m.", pm: "p. m."},
	{months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		date: "d MMMM y", time: "h:mm a", dateTime: "{1} في {0}", am: "ص", pm: "م"},
}

// Date writes the day of t (in t's location) with lang's long date
// pattern: "1 February 2027", "1 de febrero de 2027".
func Date(t time.Time, lang string) string {
	c := &calendars[index(lang)]
	return c.format(t, c.date)
}

// Time writes the time of day of t (in t's location) with lang's short
// time pattern: "14:59", "2:59 م".
func Time(t time.Time, lang string) string {
	c := &calendars[index(lang)]
	return c.format(t, c.time)
}

// DateTime writes t (in t's location) as a date and a time in lang:
// "1 February 2027 at 14:59", "1 février 2027 à 14:59".
func DateTime(t time.Time, lang string) string {
	c := &calendars[index(lang)]
	r := strings.NewReplacer("{1}", c.format(t, c.date), "{0}", c.format(t, c.time))
	return r.Replace(c.literal(c.dateTime))
}

// DateTimeZone is DateTime followed by the name of t's time zone:
// "1 February 2027 at 13:59 (Europe/Paris)".
func DateTimeZone(t time.Time, lang string) string {
	return DateTime(t, lang) + " (" + Zone(t.Location()) + ")"
}

// Zone names a time zone: its IANA name ("Africa/Dakar"), "UTC", or the
// name of a fixed zone ("AoE").
func Zone(loc *time.Location) string {
	if loc == nil || loc == time.UTC || loc.String() == "" {
		return "UTC"
	}
	return loc.String()
}

// literal drops the quotes of a pattern that has no field (the joining
// pattern, whose only fields are {0} and {1}).
func (c *calendar) literal(p string) string {
	var b strings.Builder
	for _, part := range splitQuoted(p) {
		b.WriteString(part.text)
	}
	return b.String()
}

type patternPart struct {
	text   string
	quoted bool
}

// splitQuoted splits a CLDR pattern into quoted literals and the rest;
// ” is a quote.
func splitQuoted(p string) []patternPart {
	var out []patternPart
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(p); i++ {
		if p[i] != '\'' {
			cur.WriteByte(p[i])
			continue
		}
		if i+1 < len(p) && p[i+1] == '\'' {
			cur.WriteByte('\'')
			i++
			continue
		}
		out = append(out, patternPart{cur.String(), quoted})
		cur.Reset()
		quoted = !quoted
	}
	return append(out, patternPart{cur.String(), quoted})
}

// format writes t with a CLDR pattern of the fields d, MMMM, y, H, HH,
// h, mm and a (the ones the calendars use).
func (c *calendar) format(t time.Time, pattern string) string {
	var b strings.Builder
	for _, part := range splitQuoted(pattern) {
		if part.quoted {
			b.WriteString(part.text)
			continue
		}
		s := part.text
		for len(s) > 0 {
			n := 1
			for n < len(s) && s[n] == s[0] {
				n++
			}
			field := s[:n]
			s = s[n:]
			switch field {
			case "d":
				b.WriteString(strconv.Itoa(t.Day()))
			case "MMMM":
				b.WriteString(c.months[t.Month()-1])
			case "y":
				b.WriteString(strconv.Itoa(t.Year()))
			case "H":
				b.WriteString(strconv.Itoa(t.Hour()))
			case "HH":
				b.WriteString(twoDigits(t.Hour()))
			case "h":
				b.WriteString(strconv.Itoa((t.Hour()+11)%12 + 1))
			case "mm":
				b.WriteString(twoDigits(t.Minute()))
			case "a":
				if t.Hour() < 12 {
					b.WriteString(c.am)
				} else {
					b.WriteString(c.pm)
				}
			default:
				b.WriteString(field)
			}
		}
	}
	return b.String()
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
