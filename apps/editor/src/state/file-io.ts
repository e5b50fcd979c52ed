/** Lets the person pick a JSON file and returns its parsed content, or undefined when cancelled. */
export function pickJsonFile(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'application/json,.json'
    input.setAttribute('data-testid', 'import-input')
    input.style.display = 'none'
    input.onchange = async () => {
      const file = input.files?.[0]
      input.remove()
      if (!file) return resolve(undefined)
      try {
        resolve(JSON.parse(await file.text()))
      } catch (error) {
        reject(new Error(`${file.name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`))
      }
    }
    document.body.append(input)
    input.click()
  })
}

/** Downloads a value as a pretty-printed JSON file. */
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
