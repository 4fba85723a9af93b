/// The Okabe–Ito palette: eight colours that stay distinct under the common forms of colour
/// blindness (Okabe & Ito, "Color Universal Design", 2008; Wong, "Points of view: Color
/// blindness", Nature Methods 8, 441, 2011). Hex strings for SVG `fill` and `stroke`.
public enum Palette {
  /// #000000.
  public static let black = "#000000"
  /// #E69F00.
  public static let orange = "#E69F00"
  /// #56B4E9.
  public static let skyBlue = "#56B4E9"
  /// #009E73.
  public static let bluishGreen = "#009E73"
  /// #F0E442.
  public static let yellow = "#F0E442"
  /// #0072B2.
  public static let blue = "#0072B2"
  /// #D55E00.
  public static let vermillion = "#D55E00"
  /// #CC79A7.
  public static let reddishPurple = "#CC79A7"

  /// The eight colours in the order to give them to series: the darker, more distinct ones
  /// first (yellow, hard to see on white, last).
  public static let series = [
    blue, vermillion, bluishGreen, orange, reddishPurple, skyBlue, black, yellow,
  ]

  /// The colour of series `index`, cycling through ``series``.
  public static func color(_ index: Int) -> String {
    series[((index % series.count) + series.count) % series.count]
  }

  /// Light grey for grid lines and frames.
  public static let grid = "#e5e5e5"
  /// Dark grey for axes and text.
  public static let ink = "#333333"
}
