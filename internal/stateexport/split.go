package stateexport

// This file holds the structural scan that splits deployment.resources into
// its resources, so they are decoded in parallel.

import (
	"bytes"
	"runtime"
	"strings"
	"sync"
)

// Reading a large export is dominated by the JSON decoder's pass over
// deployment.resources, a pass that cannot be split: a decoder must start at
// the beginning of a value. splitResources finds where each resource starts
// and ends with a structural scan that skips strings with bytes.IndexByte, so
// the resources can then be decoded, and checked, in parallel. The scan
// itself runs in parallel too, in chunks that start where a scan is likely
// to be outside any string (a line break, which JSON strings cannot hold, or
// a "},{"); the scan of the chunk before confirms it, or the array is
// scanned again from its start.
//
// The scan does not validate: the decoder does, on the skeleton (the document
// with its resources replaced by a sentinel) and on every resource. Whenever
// the scan meets anything it cannot vouch for, it gives up and the whole
// document is decoded the ordinary way, which also describes what is wrong.
// So the split is meant to change how fast a document is read, never what it
// reads or what it rejects; the tests in split_test.go and
// FuzzSplitAgreesWithWholeDecode check that against the whole decode.

// resourceSplit is where deployment.resources lies in a document.
type resourceSplit struct {
	Skeleton []byte   // the document with splitSentinel for its resources
	Items    [][]byte // each element of the array, trimmed of white space
}

// splitSentinel stands in for the resources in the skeleton. The decoder
// must read it, once and alone, as deployment.resources, or the split is not
// used (see sentinelProbe): that settles what the scan guesses about names
// (case, escapes, duplicate names) the way the decoder decides them.
const splitSentinel = `{"urn":"\u0000orgiac-split-sentinel"}`

// jsonSpace is the white space JSON allows between values.
const jsonSpace = " \t\r\n"

// maxSplitDepth is the deepest nesting inside the resources array a split
// takes on. The decoder limits a document's depth; a resource decoded alone
// sits three levels shallower than in the document, so a resource near the
// limit would decode alone and not in place. Real exports nest a few dozen
// levels; anything deeper is left to the whole-document decode.
const maxSplitDepth = 1000

// minScanChunk is the least a parallel scan gives one worker; below it,
// starting a goroutine costs more than it saves.
const minScanChunk = 1 << 20

// splitResources returns the split of an export, or false when the scan
// cannot find the resources array or vouch for where its elements end: then
// the caller decodes the whole document.
func splitResources(data []byte) (resourceSplit, bool) {
	return splitResourcesIn(data, runtime.GOMAXPROCS(0), minScanChunk)
}

// splitResourcesIn splits with up to workers scans of at least minChunk
// bytes each.
func splitResourcesIn(data []byte, workers, minChunk int) (resourceSplit, bool) {
	open, ok := findResources(data)
	if !ok {
		return resourceSplit{}, false
	}
	seps, closing, ok := scanArray(data, open, workers, minChunk)
	if !ok {
		return resourceSplit{}, false
	}
	items := make([][]byte, 0, len(seps)+1)
	start := open + 1
	for _, end := range append(seps, closing) {
		items = append(items, bytes.Trim(data[start:end], jsonSpace))
		start = end + 1
	}
	// An empty array has one empty item; any other empty item is a stray
	// comma, which the decoder would reject.
	if len(items) == 1 && len(items[0]) == 0 {
		items = items[:0]
	}
	for _, item := range items {
		if len(item) == 0 {
			return resourceSplit{}, false
		}
	}
	skeleton := make([]byte, 0, open+1+len(splitSentinel)+len(data)-closing)
	skeleton = append(skeleton, data[:open+1]...)
	skeleton = append(skeleton, splitSentinel...)
	skeleton = append(skeleton, data[closing:]...)
	return resourceSplit{Skeleton: skeleton, Items: items}, true
}

// findResources returns the offset of the '[' that opens
// deployment.resources: the first array under a name "resources" (in any
// case) in the first object under a name "deployment" in the top-level
// object. The sentinel check confirms the decoder reads the same one.
func findResources(data []byte) (int, bool) {
	depth := 0
	inDeployment := false
	var name []byte // the last string read at depth 1 or 2
	for pos := 0; pos < len(data); {
		c := data[pos]
		switch c {
		case '"':
			str, next, ok := skipString(data, pos)
			if !ok {
				return 0, false
			}
			if depth <= 2 {
				name = str
			}
			pos = next
			continue
		case '{', '[':
			depth++
			switch {
			case depth == 2 && c == '{' && isName(name, "deployment"):
				inDeployment = true
			case depth == 3 && c == '[' && inDeployment && isName(name, "resources"):
				return pos, true
			}
			name = nil
		case '}', ']':
			if depth == 2 && inDeployment {
				return 0, false // deployment has no resources array
			}
			depth--
		case ',':
			name = nil
		}
		pos++
	}
	return 0, false
}

// isName reports whether a name read from the document is field, ignoring
// case as the decoder does. A name with an escape is not compared; the
// sentinel check catches the rare document that needs it.
func isName(name []byte, field string) bool {
	return strings.EqualFold(string(name), field)
}

// scanArray finds the separators of the array that opens at data[open] and
// its closing bracket, scanning in up to workers chunks in parallel.
func scanArray(data []byte, open, workers, minChunk int) (seps []int, closing int, ok bool) {
	bounds := chunkBounds(data, open+1, workers, minChunk)
	if len(bounds) > 2 {
		// A chunk that started inside a string shows as the chunk before it
		// not ending outside one; scan once more from the start.
		defer func() {
			if !ok {
				seps, closing, ok = scanArray(data, open, 1, minChunk)
			}
		}()
	}
	scans := make([]chunkScan, len(bounds)-1)
	if len(scans) == 1 {
		scans[0] = scanChunk(data, bounds[0], bounds[1])
	} else {
		var wg sync.WaitGroup
		for i := range scans {
			// A fault leaves the scan not ok; the scan from the start then
			// meets it in the caller's goroutine.
			wg.Go(func() { _ = readGuarded(data, func() { scans[i] = scanChunk(data, bounds[i], bounds[i+1]) }) })
		}
		wg.Wait()
	}
	// Chunk i starts depth levels inside the array, so the array's own
	// level is -depth in the chunk's relative terms. Each chunk's scan is
	// right if its start was outside any string, which the scan of the chunk
	// before it has confirmed by ending outside one.
	depth := 0
	for _, s := range scans {
		if !s.ok || depth+s.highest > maxSplitDepth {
			return nil, 0, false
		}
		level := -depth
		for _, e := range s.events {
			switch {
			case e.level == level && e.comma:
				seps = append(seps, e.pos)
			case e.level == level-1 && !e.comma:
				return seps, e.pos, true
			}
		}
		depth += s.net
	}
	return nil, 0, false // the array never closes
}

// chunkBounds splits data[start:] into up to workers chunks. Each chunk
// after the first begins where the scan is most likely outside any string: at
// a line break, which in valid JSON always is, or, in a document without
// line breaks nearby, at the comma of "},{", which usually is. Whether it was
// is known once the chunk before it is scanned; see scanArray.
func chunkBounds(data []byte, start, workers, minChunk int) []int {
	bounds := []int{start}
	size := (len(data) - start) / workers
	if size < minChunk {
		return append(bounds, len(data))
	}
	for i := 1; i < workers; i++ {
		from := max(start+i*size, bounds[len(bounds)-1]+1)
		if from >= len(data) {
			break
		}
		window := data[from:min(from+minChunk, len(data))]
		at := bytes.IndexByte(window, '\n')
		if at < 0 {
			if at = bytes.Index(window, []byte("},{")); at >= 0 {
				at++
			}
		}
		if at < 0 {
			break
		}
		bounds = append(bounds, from+at)
	}
	return append(bounds, len(data))
}

// chunkScan is what a chunk shows of the containers it is in. Depths are
// relative to the chunk's start. The events are the commas at the lowest
// depth reached so far and the brackets that reach a new lowest depth: any
// comma of an enclosing container, and the bracket that closes it, is one of
// them.
type chunkScan struct {
	events  []scanEvent
	net     int  // the depth at the chunk's end
	highest int  // the greatest depth in the chunk
	ok      bool // the chunk ends outside any string
}

type scanEvent struct {
	pos   int
	level int  // the depth after the byte
	comma bool // a comma; else a closing bracket
}

// scanChunk scans data[start:end], which begins outside any string.
func scanChunk(data []byte, start, end int) chunkScan {
	var s chunkScan
	depth, lowest := 0, 0
	for pos := start; pos < end; {
		for pos < end && !structural[data[pos]] {
			pos++
		}
		if pos == end {
			break
		}
		switch data[pos] {
		case '"':
			_, next, ok := skipString(data, pos)
			// A string that runs past the chunk would put the next chunk's
			// start inside it.
			if !ok || next > end {
				return chunkScan{}
			}
			pos = next
			continue
		case '{', '[':
			depth++
			s.highest = max(s.highest, depth)
		case '}', ']':
			depth--
			if depth < lowest {
				lowest = depth
				s.events = append(s.events, scanEvent{pos: pos, level: depth})
			}
		case ',':
			if depth == lowest {
				s.events = append(s.events, scanEvent{pos: pos, level: depth, comma: true})
			}
		}
		pos++
	}
	s.net, s.ok = depth, true
	return s
}

// structural marks the bytes scanChunk acts on.
var structural = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true, ',': true}

// skipString returns the contents, still escaped, of the string that opens
// at data[pos], and the offset just past it.
func skipString(data []byte, pos int) ([]byte, int, bool) {
	start := pos + 1
	for i := start; ; i++ {
		j := bytes.IndexByte(data[i:], '"')
		if j < 0 {
			return nil, 0, false
		}
		i += j
		// The quote ends the string unless an odd number of backslashes
		// escape it.
		backslashes := 0
		for k := i - 1; k >= start && data[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return data[start:i], i + 1, true
		}
	}
}
