import { describe, expect, it } from 'vitest'
import { photo, toCssUrl } from './fragments/photo.ts'

describe('candidate photo', () => {
  it('layers the remote photo over the local avatar', () => {
    expect(String(photo({ id: 'c-1', name: 'A', party: 'P', photoUrl: 'https://randomuser.me/api/portraits/men/1.jpg' }))).toBe(
      `<span class="photo" aria-hidden="true" style="background-image:url(&#39;https://randomuser.me/api/portraits/men/1.jpg&#39;), url(&#39;/avatar/c-1.svg&#39;)" data-photo="https://randomuser.me/api/portraits/men/1.jpg"></span>`,
    )
  })

  it('shows only the avatar for a missing or non-http photo', () => {
    for (const photoUrl of ['', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://']) {
      expect(String(photo({ id: 'c', name: 'A', party: 'P', photoUrl }))).toBe(`<span class="photo" aria-hidden="true" style="background-image:url(&#39;/avatar/c.svg&#39;)"></span>`)
    }
  })

  it('cannot break out of the CSS url or the attribute', () => {
    expect(toCssUrl(`https://x.test/a'),url(evil)"><script>`)).toBe('https://x.test/a%27%29,url%28evil%29%22%3E%3Cscript%3E')
    expect(toCssUrl('https://x.test/a\\b c')).toBe('https://x.test/a/b%20c')
  })
})
