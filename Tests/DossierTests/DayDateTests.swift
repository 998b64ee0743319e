import Foundation
import Testing

@testable import DossierContent

@Suite("Dates")
struct DayDateTests {
    @Test("every day of years of one to four digits prints as YYYY-MM-DD and in long form, and parses back")
    func descriptions() throws {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"]
        for year in [1, 9, 10, 99, 100, 999, 1000, 1900, 2000, 2024, 9999] {
            for month in 1...12 {
                for day in 1...DayDate.daysIn(month: month, year: year) {
                    let date = try #require(DayDate(year: year, month: month, day: day))
                    let expected = String(format: "%04d-%02d-%02d", year, month, day)
                    #expect(date.description == expected)
                    #expect(DayDate(date.description) == date)
                    #expect(date.longDescription == "\(day) \(months[month - 1]) \(year)")
                }
            }
        }
        #expect(DayDate(year: 0, month: 1, day: 1) == nil)
        #expect(DayDate(year: 10000, month: 1, day: 1) == nil)
    }
}
